// SPDX-License-Identifier: BSD-2-Clause
// The IPC the kernel makes in a thread's name (page faults, exceptions, the
// preemption message; x2-api 7) is transparent to the thread: the message
// registers it overwrites and ErrorCode are put back afterwards.
#pragma once

#include <kern/tcb.hpp>
#include <l4/walnut/abi.h>

namespace kern {

/// Saves MR0 .. MR(N-1) and ErrorCode of t; the destructor restores them.
template <unsigned N>
class Saved_mrs {
public:
    explicit Saved_mrs(Tcb& t) : _t(t), _error(t.tcr(WALNUT_TCR_ERROR_CODE)) {
        for (unsigned i = 0; i < N; ++i) _mr[i] = t.mr(i);
    }
    ~Saved_mrs() {
        for (unsigned i = 0; i < N; ++i) _t.mr(i) = _mr[i];
        _t.tcr(WALNUT_TCR_ERROR_CODE) = _error;
    }
    Saved_mrs(const Saved_mrs&) = delete;
    Saved_mrs& operator=(const Saved_mrs&) = delete;

private:
    Tcb& _t;
    word_t _error;
    word_t _mr[N];
};

/// Writes the page-fault message of x2-api 7.1 into t's MR0..MR2: label -2
/// with the access rights, u = 2, MR1 = fault address, MR2 = IP.
inline void load_page_fault_message(Tcb& t, word_t address, Rights access, word_t ip) {
    constexpr word_t label_page_fault = word_t(-2) << 4;   // -2 in the label's upper bits
    t.mr(0) = ((label_page_fault | static_cast<word_t>(access)) << 16) | 2;
    t.mr(1) = address;
    t.mr(2) = ip;
}

}  // namespace kern
