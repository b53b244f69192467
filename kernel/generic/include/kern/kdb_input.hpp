// SPDX-License-Identifier: BSD-2-Clause
// The debugger's input side (kdb_input.cc): a line editor on the polled
// console and a parser for the hexadecimal arguments of its commands.
// Used only inside the debugger (kdb_*.cc).
#pragma once

#include <kern/types.hpp>

namespace kern::kdb {

/// Reads one line from the console, echoing it, with backspace (BS or DEL)
/// and Ctrl-U (erase the line). Ends at CR or LF (a LF right after a CR is
/// skipped); the line is NUL-terminated, at most size-1 characters; further
/// characters are refused with a bell. Spins: interrupts stay disabled.
void read_line(char* buf, size_t size);

/// Parses the words of a command line from left to right.
class Line {
public:
    explicit Line(const char* text) : _p(text) {}

    /// The next character that is not a space, consumed; 0 at the end.
    char command();
    /// The next word as a hexadecimal number ("0x" optional, at most 16
    /// digits). False (and nothing consumed) if the next word is missing or
    /// not such a number.
    bool hex(word_t* value);
    /// True if only spaces are left.
    bool at_end();
    /// The next character that is not a space, not consumed; 0 at the end.
    char peek();
    /// Consumes one character (after peek).
    void skip() {
        if (*_p) ++_p;
    }

private:
    const char* _p;
    void skip_spaces();
};

}  // namespace kern::kdb
