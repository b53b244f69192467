// SPDX-License-Identifier: BSD-2-Clause
// Tests of the interrupt-thread state machine (interrupt.cc): association
// and its errors, delivery to a waiting handler, pending interrupts and
// their order, acknowledgement, edge-triggered repeats, dissociation and
// deletion. The IPC slow path is replaced by recording fakes.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <new>
#include <vector>

#include <host/fake_port.hpp>
#include <kern/interrupt.hpp>
#include <kern/kip.hpp>
#include <kern/ipc.hpp>
#include <kern/port/platform.hpp>
#include <kern/scheduler.hpp>
#include <kern/tcb.hpp>
#include <kern/trap.hpp>

// ---- Fakes of what interrupt.cc uses from the rest of the kernel ---------------------

namespace {

constexpr kern::word_t system_base = 64;   // = the fake port's irq_lines()

std::map<kern::word_t, kern::Tcb*> registry;   // global id -> thread

struct Completion {
    kern::Tcb* r;
    kern::Thread_id from;
    kern::word_t tag;
};
std::vector<Completion> completions;
struct Failure {
    kern::Tcb* t;
    kern::Ipc_error e;
    bool receive_phase;
};
std::vector<Failure> failures;
unsigned preempt_checks = 0;

}  // namespace

namespace kern {

word_t kip_system_base() { return system_base; }

Tcb* resolve_thread(const Tcb&, Thread_id id) {
    auto it = registry.find(id.raw());
    return it == registry.end() ? nullptr : it->second;
}

void ipc_complete_receive(Tcb& r, Thread_id from, word_t tag) {
    completions.push_back({&r, from, tag});
    r.mr(0) = tag;
    r.ipc_from = from;
    r.state = Thread_state::running;
}

void ipc_fail(Tcb& t, Ipc_error e, bool receive_phase) {
    failures.push_back({&t, e, receive_phase});
    t.state = Thread_state::running;
}

void preempt_check() { ++preempt_checks; }

}  // namespace kern

namespace {

using kern::Interrupt;
using kern::Irq_receive;
using kern::Sys_error;
using kern::Tcb;
using kern::Thread_id;
using kern::Thread_state;

Thread_id irq(kern::word_t line, kern::word_t version = 1) { return Thread_id::global(line, version); }

/// A user thread with a UTCB (MRs) and a space, registered for resolve_thread.
struct Thread {
    Tcb* tcb;
    kern::word_t utcb[128] = {};
    explicit Thread(kern::word_t number) {
        void* block = std::aligned_alloc(Tcb::block_size, Tcb::block_size);
        tcb = new (block) Tcb();
        tcb->global_id = Thread_id::global(number, 1);
        tcb->state = Thread_state::running;
        tcb->utcb = utcb + 64;
        tcb->space = reinterpret_cast<kern::Space*>(this);   // only compared with nullptr
        registry[tcb->global_id.raw()] = tcb;
    }
    ~Thread() {
        kern::interrupt_detach(*tcb);
        registry.erase(tcb->global_id.raw());
        tcb->~Tcb();
        std::free(tcb);
    }
    Thread(const Thread&) = delete;
    Thread& operator=(const Thread&) = delete;
    Tcb& operator*() { return *tcb; }
    Tcb* operator->() { return tcb; }
    Thread_id id() const { return tcb->global_id; }

    void wait(Thread_id from_spec) {
        tcb->state = Thread_state::waiting_receive;
        tcb->recv_spec = from_spec;
    }
};

bool unmasked(unsigned line) { return host::irq_unmasked().count(line) != 0; }

class InterruptTest : public ::testing::Test {
protected:
    void SetUp() override {
        completions.clear();
        failures.clear();
        preempt_checks = 0;
        host::irq_unmasked().clear();
        host::console_reset();
    }
    Thread main_{200};
    Thread other_{201};
};

TEST_F(InterruptTest, InterruptThreadIds) {
    EXPECT_TRUE(kern::is_interrupt_thread(irq(0)));
    EXPECT_TRUE(kern::is_interrupt_thread(irq(63, 7)));   // any version: refused later
    EXPECT_FALSE(kern::is_interrupt_thread(irq(64)));     // SystemBase: a kernel thread
    EXPECT_FALSE(kern::is_interrupt_thread(Thread_id::nil()));
    EXPECT_FALSE(kern::is_interrupt_thread(Thread_id::any()));
    EXPECT_FALSE(kern::is_interrupt_thread(Thread_id::any_local()));
    EXPECT_FALSE(kern::is_interrupt_thread(Thread_id(0x1000)));   // a local id
    EXPECT_EQ(kern::interrupt_tag, 0xFFFFFFFFFFF00000ul);
}

TEST_F(InterruptTest, AssociationErrors) {
    EXPECT_EQ(kern::interrupt_control(*main_, irq(5, 2), main_.id()), Sys_error::invalid_thread);
    EXPECT_EQ(kern::interrupt_control(*main_, irq(0), main_.id()), Sys_error::invalid_thread)
        << "a line the kernel keeps";
    EXPECT_EQ(kern::interrupt_control(*main_, irq(5), Thread_id::nil()), Sys_error::invalid_thread);
    EXPECT_EQ(kern::interrupt_control(*main_, irq(5), Thread_id::global(999, 1)),
              Sys_error::invalid_thread);
    Thread spaceless(202);
    spaceless->space = nullptr;
    EXPECT_EQ(kern::interrupt_control(*main_, irq(5), spaceless.id()), Sys_error::invalid_thread);
    EXPECT_FALSE(unmasked(5));
    EXPECT_FALSE(kern::interrupt_acknowledge(*main_, irq(5))) << "nothing was associated";
}

TEST_F(InterruptTest, AssociateUnmasksDissociateMasks) {
    ASSERT_EQ(kern::interrupt_control(*main_, irq(5), main_.id()), Sys_error::ok);
    EXPECT_TRUE(unmasked(5));
    EXPECT_TRUE(kern::interrupt_acknowledge(*main_, irq(5)));
    EXPECT_FALSE(kern::interrupt_acknowledge(*other_, irq(5)));
    EXPECT_EQ(kern::interrupt_control(*main_, irq(5), irq(5)), Sys_error::ok);
    EXPECT_FALSE(unmasked(5));
    EXPECT_FALSE(kern::interrupt_acknowledge(*main_, irq(5)));
    EXPECT_EQ(kern::interrupt_control(*main_, irq(5), irq(5)), Sys_error::ok) << "again";
}

TEST_F(InterruptTest, DeliveredAtOnceToAWaitingHandler) {
    ASSERT_EQ(kern::interrupt_control(*main_, irq(7), main_.id()), Sys_error::ok);
    main_.wait(Thread_id::any());
    port::irq_mask(7);   // what the platform does before on_irq (level line)
    kern::on_irq(7);
    ASSERT_EQ(completions.size(), 1u);
    EXPECT_EQ(completions[0].r, main_.tcb);
    EXPECT_EQ(completions[0].from, irq(7));
    EXPECT_EQ(completions[0].tag, kern::interrupt_tag);
    EXPECT_EQ(preempt_checks, 1u);
    EXPECT_EQ(main_->irq_pending, nullptr);
    EXPECT_FALSE(unmasked(7)) << "masked until acknowledged";
    EXPECT_TRUE(kern::interrupt_acknowledge(*main_, irq(7)));
    EXPECT_TRUE(unmasked(7));
}

TEST_F(InterruptTest, ClosedWaitOnAnotherThreadLeavesItPending) {
    ASSERT_EQ(kern::interrupt_control(*main_, irq(7), main_.id()), Sys_error::ok);
    main_.wait(other_.id());
    port::irq_mask(7);
    kern::on_irq(7);
    EXPECT_TRUE(completions.empty());
    EXPECT_NE(main_->irq_pending, nullptr);
    EXPECT_FALSE(kern::interrupt_waiting_for(*main_)) << "its closed wait does not accept it";
    main_->recv_spec = irq(7);
    EXPECT_TRUE(kern::interrupt_waiting_for(*main_));
    main_->recv_spec = Thread_id::any();
    EXPECT_TRUE(kern::interrupt_waiting_for(*main_));
    // Acknowledging before receiving changes nothing.
    EXPECT_TRUE(kern::interrupt_acknowledge(*main_, irq(7)));
    EXPECT_FALSE(unmasked(7));
    EXPECT_EQ(kern::interrupt_receive(*main_, other_.id()), Irq_receive::none);
    EXPECT_EQ(kern::interrupt_receive(*main_, irq(7)), Irq_receive::delivered);
    EXPECT_EQ(main_->mr(0), kern::interrupt_tag);
    EXPECT_EQ(main_->ipc_from, irq(7));
    EXPECT_EQ(main_->irq_pending, nullptr);
    EXPECT_EQ(kern::interrupt_receive(*main_, irq(7)), Irq_receive::wait) << "delivered once";
}

TEST_F(InterruptTest, PendingLinesInFiringOrder) {
    for (unsigned line : {9u, 3u, 12u})
        ASSERT_EQ(kern::interrupt_control(*main_, irq(line), main_.id()), Sys_error::ok);
    for (unsigned line : {9u, 3u, 12u}) {
        port::irq_mask(line);
        kern::on_irq(line);
    }
    // A closed receive takes one from the middle.
    EXPECT_EQ(kern::interrupt_receive(*main_, irq(3)), Irq_receive::delivered);
    for (unsigned line : {9u, 12u}) {
        ASSERT_EQ(kern::interrupt_receive(*main_, Thread_id::any()), Irq_receive::delivered);
        EXPECT_EQ(main_->ipc_from, irq(line));
    }
    EXPECT_EQ(kern::interrupt_receive(*main_, Thread_id::any()), Irq_receive::none);
    EXPECT_EQ(kern::interrupt_receive(*main_, Thread_id::any_local()), Irq_receive::none);
}

TEST_F(InterruptTest, ClosedReceiveFromALineOneDoesNotHandle) {
    EXPECT_EQ(kern::interrupt_receive(*main_, irq(7)), Irq_receive::refused);
    ASSERT_EQ(kern::interrupt_control(*main_, irq(7), other_.id()), Sys_error::ok);
    EXPECT_EQ(kern::interrupt_receive(*main_, irq(7)), Irq_receive::refused);
    EXPECT_EQ(kern::interrupt_receive(*other_, irq(7)), Irq_receive::wait);
    EXPECT_EQ(kern::interrupt_receive(*other_, irq(7, 2)), Irq_receive::refused);
}

TEST_F(InterruptTest, EdgeRepeatIsDeliveredAfterTheAcknowledgement) {
    // An edge line stays unmasked (the platform does not mask it).
    ASSERT_EQ(kern::interrupt_control(*main_, irq(4), main_.id()), Sys_error::ok);
    main_.wait(irq(4));
    kern::on_irq(4);
    ASSERT_EQ(completions.size(), 1u);
    kern::on_irq(4);   // fires again while in service
    kern::on_irq(4);   // and again: one message for both
    EXPECT_EQ(completions.size(), 1u);
    EXPECT_TRUE(kern::interrupt_acknowledge(*main_, irq(4)));
    EXPECT_NE(main_->irq_pending, nullptr) << "the repeat is the next message";
    EXPECT_EQ(kern::interrupt_receive(*main_, Thread_id::any()), Irq_receive::delivered);
    EXPECT_TRUE(kern::interrupt_acknowledge(*main_, irq(4)));
    EXPECT_EQ(main_->irq_pending, nullptr);
    EXPECT_EQ(kern::interrupt_receive(*main_, irq(4)), Irq_receive::wait);
}

TEST_F(InterruptTest, DissociationFailsAWaitingHandler) {
    ASSERT_EQ(kern::interrupt_control(*main_, irq(7), other_.id()), Sys_error::ok);
    other_.wait(irq(7));
    EXPECT_EQ(kern::interrupt_control(*main_, irq(7), irq(7)), Sys_error::ok);
    ASSERT_EQ(failures.size(), 1u);
    EXPECT_EQ(failures[0].t, other_.tcb);
    EXPECT_EQ(failures[0].e, kern::Ipc_error::no_partner);
    EXPECT_TRUE(failures[0].receive_phase);
}

TEST_F(InterruptTest, ReassociationMovesTheLineAndForgetsThePast) {
    ASSERT_EQ(kern::interrupt_control(*main_, irq(7), other_.id()), Sys_error::ok);
    port::irq_mask(7);
    kern::on_irq(7);   // pending for other_
    ASSERT_NE(other_->irq_pending, nullptr);
    other_.wait(irq(7));   // (as if it waited for it now)
    EXPECT_EQ(kern::interrupt_control(*main_, irq(7), main_.id()), Sys_error::ok);
    EXPECT_EQ(other_->irq_pending, nullptr);
    EXPECT_EQ(failures.size(), 1u) << "the old handler's closed wait fails";
    EXPECT_TRUE(unmasked(7)) << "starts over for the new handler";
    EXPECT_EQ(kern::interrupt_receive(*main_, Thread_id::any()), Irq_receive::none);
    EXPECT_EQ(kern::interrupt_control(*main_, irq(7), main_.id()), Sys_error::ok);
    EXPECT_TRUE(failures.size() == 1u) << "the same handler again changes nothing";
}

TEST_F(InterruptTest, DeletedHandlerForgetsItsLines) {
    {
        Thread doomed(300);
        ASSERT_EQ(kern::interrupt_control(*main_, irq(7), doomed.id()), Sys_error::ok);
        ASSERT_EQ(kern::interrupt_control(*main_, irq(8), doomed.id()), Sys_error::ok);
        port::irq_mask(7);
        kern::on_irq(7);   // pending
    }   // ~Thread calls interrupt_detach, as thread deletion does
    EXPECT_FALSE(unmasked(7));
    EXPECT_FALSE(unmasked(8));
    EXPECT_FALSE(kern::interrupt_acknowledge(*main_, irq(7)));
    host::console_reset();
    kern::on_irq(8);   // a late interrupt of a forgotten line
    EXPECT_NE(host::console_output().find("irq 8: no handler, masked"), std::string::npos);
    EXPECT_TRUE(completions.empty());
}

}  // namespace
