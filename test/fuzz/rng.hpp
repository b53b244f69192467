// SPDX-License-Identifier: BSD-2-Clause
// The fuzzer's random numbers: xorshift64* (Vigna), one generator per
// fuzzing thread, so each thread's sequence depends only on the seed.
#pragma once

#include <l4/types.h>

namespace fuzz {

class Rng {
public:
    explicit Rng(L4_Word_t seed = 1) { reseed(seed); }

    // Any seed works: it is mixed (splitmix64) and never leaves state 0.
    void reseed(L4_Word_t seed)
    {
        L4_Word_t z = seed + 0x9E3779B97F4A7C15ul;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ul;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBul;
        _state = (z ^ (z >> 31)) | 1;
    }

    L4_Word_t next()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return _state * 0x2545F4914F6CDD1Dul;
    }

    /// Uniform in [0, n) (n > 0); the bias of the modulo does not matter here.
    L4_Word_t below(L4_Word_t n) { return n ? next() % n : 0; }
    /// Uniform in [lo, hi].
    L4_Word_t range(L4_Word_t lo, L4_Word_t hi) { return lo + below(hi - lo + 1); }
    /// True with probability percent / 100.
    bool percent(unsigned p) { return below(100) < p; }
    /// A word with few bits set, many set, or any: values near the edges.
    L4_Word_t edgy()
    {
        switch (below(8)) {
        case 0: return 0;
        case 1: return ~L4_Word_t{0};
        case 2: return L4_Word_t{1} << below(64);
        case 3: return ~(L4_Word_t{1} << below(64));
        case 4: return below(4096);
        case 5: return ~L4_Word_t{0} - below(4096);
        default: return next();
        }
    }

private:
    L4_Word_t _state;
};

}  // namespace fuzz
