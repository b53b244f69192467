// SPDX-License-Identifier: BSD-2-Clause
// Intrusive FIFO rings (circular doubly-linked lists) for the kernel's
// queues: the senders waiting for a thread, the interrupts pending for a
// handler. The links live in the queued objects, so queueing never
// allocates and every operation is O(1).
#pragma once

namespace kern {

/// The ring of T whose head pointer is 'head', linked through T::*Next and
/// T::*Prev. A node that is on no ring has null links.
template <class T, T* T::*Next, T* T::*Prev>
struct Ring {
    /// Appends n at the tail (behind the head's predecessor).
    static void push_back(T*& head, T& n) {
        if (!head) {
            n.*Next = n.*Prev = &n;
            head = &n;
            return;
        }
        n.*Next = head;
        n.*Prev = head->*Prev;
        (head->*Prev)->*Next = &n;
        head->*Prev = &n;
    }
    /// Removes n if it is on the ring; harmless otherwise.
    static void remove(T*& head, T& n) {
        if (!(n.*Next)) return;
        if (n.*Next == &n) {
            head = nullptr;
        } else {
            (n.*Prev)->*Next = n.*Next;
            (n.*Next)->*Prev = n.*Prev;
            if (head == &n) head = n.*Next;
        }
        n.*Next = n.*Prev = nullptr;
    }
};

}  // namespace kern
