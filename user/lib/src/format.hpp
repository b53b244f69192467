// SPDX-License-Identifier: BSD-2-Clause
// libio's formatter: the printf conversions of <l4io.h>, written to any
// character sink (the console line buffer, a caller's string buffer).
#pragma once

#include <stdarg.h>
#include <stddef.h>

namespace libio {

/// Where formatted characters go. count is the number of characters
/// produced so far (what printf returns and %n stores).
struct Sink {
    void (*put)(Sink& self, char c);
    size_t count = 0;

    void emit(char c)
    {
        put(*this, c);
        count++;
    }
};

/// Formats fmt with the arguments in ap into out; returns out.count.
int format(Sink& out, const char* fmt, va_list ap);

}  // namespace libio
