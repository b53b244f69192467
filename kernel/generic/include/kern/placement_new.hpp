// SPDX-License-Identifier: BSD-2-Clause
// Placement new, the only form of 'new' the kernel uses: objects are built
// in memory that came from a named allocator (kmem). Global operator new is
// deliberately defined nowhere, so a stray allocation fails to link.
#pragma once

#include <stddef.h>

#if __STDC_HOSTED__
#include <new>
#else
inline void* operator new(size_t, void* where) noexcept { return where; }
#endif
