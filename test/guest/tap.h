/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Minimal TAP output for the guest tests (C and C++): a plan line, one
 * "ok N - name" / "not ok N - name" per check, "# ..." diagnostics, and the
 * exit status the harness expects (WALNUT_EXIT_*).
 */
#ifndef WALNUT_TEST_GUEST_TAP_H
#define WALNUT_TEST_GUEST_TAP_H

#include <l4/walnut/abi.h>
#include <l4io.h>

static unsigned tap_number;
static unsigned tap_failures;

static inline void tap_plan(unsigned count)
{
    printf("1..%u\n", count);
}

/* Reports one check; returns cond so callers can add diagnostics. */
static inline int tap_ok(int cond, const char *name)
{
    tap_number++;
    if (!cond)
        tap_failures++;
    printf("%s %u - %s\n", cond ? "ok" : "not ok", tap_number, name);
    return cond;
}

/* main's return value: success only if every check passed. */
static inline int tap_exit_status(void)
{
    return tap_failures == 0 ? WALNUT_EXIT_SUCCESS : WALNUT_EXIT_TEST_FAILURE;
}

#endif /* WALNUT_TEST_GUEST_TAP_H */
