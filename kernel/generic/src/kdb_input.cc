// SPDX-License-Identifier: BSD-2-Clause
// Console input while the kernel owns the serial console: the break-key
// poll of the timer tick, the small buffer that keeps the characters the
// poll read for user code (KDB ReadChar), and the debugger's line editor
// and argument parser.
#include <kern/config.hpp>
#include <kern/console.hpp>
#include <kern/kdb.hpp>
#include <kern/kdb_input.hpp>
#include <kern/port/console.hpp>

namespace kern {

namespace {

bool breakin_enabled = true;

// Characters the tick took from the UART while looking for the break key,
// waiting for user code. When it is full the poll stops reading, so input
// waits in the UART (and QEMU's back-pressure) instead of being dropped.
class Input_buffer {
public:
    bool full() const { return _count == size; }
    bool empty() const { return _count == 0; }
    void push(char c) {
        _chars[(_first + _count) % size] = c;
        ++_count;
    }
    char pop() {
        char c = _chars[_first];
        _first = (_first + 1) % size;
        --_count;
        return c;
    }

private:
    static constexpr unsigned size = 256;
    char _chars[size] = {};
    unsigned _first = 0;
    unsigned _count = 0;
};

Input_buffer pending;

// Once a user-level driver owns the UART input, the tick leaves it alone.
bool breakin_active() { return breakin_enabled && !port::console_input_claimed(); }

int wait_char() {
    int c;
    while ((c = port::console_getc()) < 0) {
    }
    return c;
}

}  // namespace

void kdb_poll_console() {
    if (!breakin_active()) return;
    int c;
    while (!pending.full() && (c = port::console_getc()) >= 0) {
        if (c == kdb_break_key) kdb_stop("break-in");
        else pending.push(static_cast<char>(c));
    }
}

void kdb_tick_poll() {
    // A person cannot tell 20 ms from 1 ms, but every look is a device
    // register read (an exit to the hypervisor when virtualised): look
    // about 50 times a second, not on every tick.
    constexpr unsigned every = config::tick_hz >= 100 ? config::tick_hz / 50 : 1;
    static unsigned ticks = 0;
    if (++ticks < every) return;
    ticks = 0;
    kdb_poll_console();
}

void kdb_toggle_breakin() { breakin_enabled = !breakin_enabled; }

int kdb_user_getc() {
    for (;;) {
        if (!pending.empty()) return static_cast<unsigned char>(pending.pop());
        int c = port::console_getc();
        if (c != kdb_break_key || !breakin_active()) return c;
        kdb_stop("break-in");
    }
}

namespace kdb {

void read_line(char* buf, size_t size) {
    static bool after_cr = false;   // a terminal's CR LF is one end of line
    size_t n = 0;
    for (;;) {
        int c = wait_char();
        bool skip_lf = after_cr && c == '\n';
        after_cr = c == '\r';
        if (skip_lf) continue;
        if (c == '\r' || c == '\n') {
            putc('\n');
            break;
        }
        if (c == '\b' || c == 0x7f) {
            if (n > 0) {
                --n;
                puts("\b \b");
            }
        } else if (c == 0x15) {   // Ctrl-U
            for (; n > 0; --n) puts("\b \b");
        } else if (c >= 0x20 && c < 0x7f) {
            if (n + 1 < size) {
                buf[n++] = static_cast<char>(c);
                putc(static_cast<char>(c));
            } else {
                putc('\a');
            }
        }
    }
    buf[n] = '\0';
}

void Line::skip_spaces() {
    while (*_p == ' ' || *_p == '\t') ++_p;
}

char Line::peek() {
    skip_spaces();
    return *_p;
}

char Line::command() {
    char c = peek();
    if (c) ++_p;
    return c;
}

bool Line::at_end() { return peek() == '\0'; }

bool Line::hex(word_t* value) {
    skip_spaces();
    const char* p = _p;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) p += 2;
    word_t v = 0;
    unsigned digits = 0;
    for (;; ++p, ++digits) {
        unsigned d;
        if (*p >= '0' && *p <= '9') d = static_cast<unsigned>(*p - '0');
        else if (*p >= 'a' && *p <= 'f') d = static_cast<unsigned>(*p - 'a' + 10);
        else if (*p >= 'A' && *p <= 'F') d = static_cast<unsigned>(*p - 'A' + 10);
        else break;
        if (digits == 16) return false;   // does not fit a word
        v = (v << 4) | d;
    }
    // A number ends at a space, the end, or a '.' (number.version).
    if (digits == 0 || (*p && *p != ' ' && *p != '\t' && *p != '.')) return false;
    _p = p;
    *value = v;
    return true;
}

}  // namespace kdb
}  // namespace kern
