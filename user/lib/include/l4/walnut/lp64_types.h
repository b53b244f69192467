/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * <l4/walnut/lp64_types.h>: the word types of the X.2 convenience interface
 * for every LP64 little-endian architecture (convenience spec section 2).
 * The per-architecture <l4/ARCH/types.h> includes it; a port to a 32-bit or
 * big-endian CPU writes its own types instead.
 */
#ifndef __L4__WALNUT__LP64_TYPES_H__
#define __L4__WALNUT__LP64_TYPES_H__

#define L4_64BIT
#define L4_LITTLE_ENDIAN

typedef unsigned long      L4_Word64_t;
typedef unsigned int       L4_Word32_t;
typedef unsigned short     L4_Word16_t;
typedef unsigned char      L4_Word8_t;
typedef unsigned long      L4_Word_t;

typedef signed long        L4_SignedWord64_t;
typedef signed int         L4_SignedWord32_t;
typedef signed short       L4_SignedWord16_t;
typedef signed char        L4_SignedWord8_t;
typedef signed long        L4_SignedWord_t;

typedef unsigned long      L4_Size_t;
typedef L4_Word64_t        L4_Paddr_t;

#endif /* !__L4__WALNUT__LP64_TYPES_H__ */
