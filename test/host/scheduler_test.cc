// SPDX-License-Identifier: BSD-2-Clause
// Tests of the ready queue and the scheduling decisions (scheduler.cc):
// priorities across all bitmap words, round robin inside a priority,
// preemption, yielding, time slices, time-slice donation and delayed
// preemption. Context switches are recorded by the
// fake port instead of made.
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <new>
#include <vector>

#include <host/fake_port.hpp>
#include <kern/cpu_local.hpp>
#include <kern/port/cpu.hpp>
#include <kern/scheduler.hpp>
#include <kern/tcb.hpp>
#include <l4/walnut/abi.h>

namespace {

using kern::Ready_queue;
using kern::Tcb;

/// A TCB in its own naturally aligned block, as the kernel allocates them.
struct Thread {
    Tcb* tcb;
    explicit Thread(uint8_t prio, unsigned slice = 10) {
        void* block = std::aligned_alloc(Tcb::block_size, Tcb::block_size);
        tcb = new (block) Tcb();
        tcb->priority = prio;
        tcb->timeslice_ticks = slice;
        tcb->state = kern::Thread_state::running;  // as the kernel sets it before make_ready
    }
    ~Thread() {
        tcb->~Tcb();
        std::free(tcb);
    }
    Thread(const Thread&) = delete;
    Thread& operator=(const Thread&) = delete;
    Tcb& operator*() { return *tcb; }
};

/// What the kernel does when a thread blocks (or halts): it is no longer
/// running and leaves its ready queue if it was in one.
void blocks(Thread& t) {
    t.tcb->state = kern::Thread_state::waiting_receive;
    kern::make_unready(*t);
}

/// What yield does to the thread that leaves the processor: behind its peers.
void to_tail(Ready_queue& q, Tcb& t) {
    q.dequeue(t);
    q.enqueue(t);
}

TEST(ReadyQueue, EmptyQueue) {
    Ready_queue q;
    EXPECT_TRUE(q.empty());
    EXPECT_EQ(q.highest(), nullptr);
    Thread a(5);
    q.dequeue(*a);   // not queued: harmless
    EXPECT_TRUE(q.empty());
}

TEST(ReadyQueue, HighestPriorityFirstAcrossBitmapWords) {
    Ready_queue q;
    std::vector<std::unique_ptr<Thread>> threads;
    for (uint8_t p : {0, 1, 63, 64, 127, 128, 191, 192, 254, 255})
        threads.push_back(std::make_unique<Thread>(p));
    // Enqueue in a mixed order.
    for (size_t i : {3u, 0u, 9u, 5u, 1u, 7u, 2u, 8u, 4u, 6u}) q.enqueue(**threads[i]);
    for (size_t i = threads.size(); i-- > 0;) {
        ASSERT_EQ(q.highest(), threads[i]->tcb) << "priority " << int(threads[i]->tcb->priority);
        q.dequeue(**threads[i]);
        EXPECT_FALSE(threads[i]->tcb->queued);
    }
    EXPECT_TRUE(q.empty());
}

TEST(ReadyQueue, AnyAboveFollowsTheHighestQueuedPriority) {
    Ready_queue q;
    Thread low(3), mid(64), high(200), high2(200);
    EXPECT_FALSE(q.any_above(0));
    q.enqueue(*mid);
    EXPECT_TRUE(q.any_above(63));
    EXPECT_FALSE(q.any_above(64));   // equal is not above
    q.enqueue(*high);
    q.enqueue(*high2);
    q.enqueue(*low);
    EXPECT_TRUE(q.any_above(199));
    EXPECT_FALSE(q.any_above(200));
    q.dequeue(*high);                 // its ring is not empty yet
    EXPECT_TRUE(q.any_above(199));
    EXPECT_EQ(q.highest(), high2.tcb);
    q.dequeue(*high2);                // now it is: the next word down decides
    EXPECT_FALSE(q.any_above(64));
    EXPECT_TRUE(q.any_above(63));
    EXPECT_EQ(q.highest(), mid.tcb);
    q.dequeue(*mid);
    EXPECT_EQ(q.highest(), low.tcb);
    EXPECT_TRUE(q.any_above(2));
    q.dequeue(*low);
    EXPECT_TRUE(q.empty());
    EXPECT_EQ(q.highest(), nullptr);
    size_t queued = 0;
    EXPECT_EQ(q.check(&queued), 0u);
}

TEST(ReadyQueue, FifoWithinAPriority) {
    Ready_queue q;
    Thread a(50), b(50), c(50);
    q.enqueue(*a);
    q.enqueue(*b);
    q.enqueue(*c);
    q.enqueue(*a);   // already queued: no change
    EXPECT_EQ(q.highest(), a.tcb);
    to_tail(q, *a);
    EXPECT_EQ(q.highest(), b.tcb);
    to_tail(q, *b);
    EXPECT_EQ(q.highest(), c.tcb);
    to_tail(q, *c);
    EXPECT_EQ(q.highest(), a.tcb);
    // Removing the head, the middle, the last.
    q.dequeue(*a);
    EXPECT_EQ(q.highest(), b.tcb);
    q.dequeue(*c);
    EXPECT_EQ(q.highest(), b.tcb);
    q.enqueue(*a);   // goes to the tail
    to_tail(q, *b);
    EXPECT_EQ(q.highest(), a.tcb);
    q.dequeue(*a);
    q.dequeue(*b);
    EXPECT_TRUE(q.empty());
    EXPECT_EQ(a.tcb->ready_next, nullptr);
}

TEST(ReadyQueue, EnqueueFrontMakesTheHead) {
    Ready_queue q;
    Thread a(50), b(50), c(50), d(50);
    q.enqueue(*a);
    q.enqueue(*b);
    q.enqueue(*c);
    q.enqueue_front(*c);   // already queued: moves to the front, ring order kept
    EXPECT_EQ(q.highest(), c.tcb);
    to_tail(q, *c);
    EXPECT_EQ(q.highest(), a.tcb);
    q.enqueue_front(*d);   // new: first now, then the rest in order
    EXPECT_EQ(q.highest(), d.tcb);
    EXPECT_TRUE(d.tcb->queued);
    std::vector<Tcb*> order;
    for (int i = 0; i < 4; ++i) {
        order.push_back(q.highest());
        to_tail(q, *q.highest());
    }
    EXPECT_EQ(order, (std::vector<Tcb*>{d.tcb, a.tcb, b.tcb, c.tcb}));
}

/// One CPU with an idle thread, installed through the fake port.
class Scheduling : public ::testing::Test {
protected:
    void SetUp() override {
        cpu = std::make_unique<kern::Cpu_local>();
        cpu->idle = idle.tcb;
        cpu->current = idle.tcb;
        port::set_cpu_local(cpu.get());
        host::switches().clear();
    }
    void TearDown() override { port::set_cpu_local(nullptr); }

    /// The TCB whose context the last switch went to.
    const Tcb* switched_to() const {
        if (host::switches().empty()) return nullptr;
        for (Tcb* t : all)
            if (&t->context == host::switches().back().to) return t;
        return nullptr;
    }

    Thread idle{0};
    std::unique_ptr<kern::Cpu_local> cpu;
    std::vector<Tcb*> all{idle.tcb};
};

TEST_F(Scheduling, MakeReadyNeverSwitchesPreemptCheckDoes) {
    Thread t1(100, 3), low(50), high(150);
    all = {idle.tcb, t1.tcb, low.tcb, high.tcb};
    kern::make_ready(*t1);
    EXPECT_TRUE(host::switches().empty()) << "make_ready switched by itself";
    EXPECT_EQ(t1.tcb->remaining_ticks, 3u);   // a fresh time slice
    kern::preempt_check();            // from idle: always switch
    ASSERT_EQ(host::switches().size(), 1u);
    EXPECT_EQ(host::switches()[0].from, &idle.tcb->context);
    EXPECT_EQ(switched_to(), t1.tcb);
    EXPECT_EQ(host::switches()[0].to_kstack_top, t1.tcb->kstack_top());
    EXPECT_EQ(cpu->current, t1.tcb);

    kern::make_ready(*low);           // lower: queued, no switch
    kern::preempt_check();
    EXPECT_EQ(host::switches().size(), 1u);
    EXPECT_EQ(cpu->current, t1.tcb);

    kern::make_ready(*high);          // higher: preempts at the check
    EXPECT_EQ(host::switches().size(), 1u);
    kern::preempt_check();
    EXPECT_EQ(host::switches().size(), 2u);
    EXPECT_EQ(cpu->current, high.tcb);

    blocks(high);        // blocks: the check moves on to the next best
    kern::preempt_check();
    EXPECT_EQ(cpu->current, t1.tcb);
    blocks(t1);
    kern::schedule();
    EXPECT_EQ(cpu->current, low.tcb);
    blocks(low);
    kern::schedule();
    EXPECT_EQ(cpu->current, idle.tcb);  // nothing ready: idle
    EXPECT_EQ(host::switches().size(), 5u);
    kern::preempt_check();            // nothing ready, nothing to do
    EXPECT_EQ(host::switches().size(), 5u);
}

TEST_F(Scheduling, EqualPriorityDoesNotPreempt) {
    Thread a(100), b(100);
    all = {idle.tcb, a.tcb, b.tcb};
    kern::make_ready(*a);
    kern::preempt_check();
    ASSERT_EQ(cpu->current, a.tcb);
    kern::make_ready_front(*b);       // runs next among its peers, but not now
    kern::preempt_check();
    EXPECT_EQ(cpu->current, a.tcb);
    kern::yield();
    EXPECT_EQ(cpu->current, b.tcb);
}

TEST_F(Scheduling, YieldRotatesOnlyAmongEquals) {
    Thread a(100), b(100), c(90);
    all = {idle.tcb, a.tcb, b.tcb, c.tcb};
    kern::make_ready(*a);
    kern::make_ready(*b);
    kern::make_ready(*c);
    kern::preempt_check();
    ASSERT_EQ(cpu->current, a.tcb);
    size_t switches = host::switches().size();
    kern::yield();
    EXPECT_EQ(cpu->current, b.tcb);
    kern::yield();
    EXPECT_EQ(cpu->current, a.tcb);   // c, lower, never runs while a and b are ready
    EXPECT_EQ(host::switches().size(), switches + 2);
    blocks(b);
    kern::yield();                    // alone at its priority: keeps running, no switch
    EXPECT_EQ(cpu->current, a.tcb);
    EXPECT_EQ(host::switches().size(), switches + 2);
}

TEST_F(Scheduling, TimeSliceEndsAfterItsTicks) {
    Thread a(100, 3), b(100, 3);
    all = {idle.tcb, a.tcb, b.tcb};
    kern::make_ready(*a);
    kern::make_ready(*b);
    kern::preempt_check();
    ASSERT_EQ(cpu->current, a.tcb);
    kern::scheduler_tick();
    kern::scheduler_tick();
    EXPECT_EQ(cpu->current, a.tcb);
    kern::scheduler_tick();           // third tick: slice used up
    EXPECT_EQ(cpu->current, b.tcb);
    EXPECT_EQ(a.tcb->remaining_ticks, 3u);   // refilled for its next turn
    // The idle thread has no slice to account.
    blocks(a);
    blocks(b);
    kern::schedule();
    ASSERT_EQ(cpu->current, idle.tcb);
    size_t switches = host::switches().size();
    for (int i = 0; i < 10; ++i) kern::scheduler_tick();
    EXPECT_EQ(host::switches().size(), switches);
}

TEST_F(Scheduling, DonationRunsTheNamedThreadOnTheCallersSlice) {
    Thread caller(200, 10), a(50), b(50), c(50);
    all = {idle.tcb, caller.tcb, a.tcb, b.tcb, c.tcb};
    for (Thread* t : {&caller, &a, &b, &c}) kern::make_ready(**t);
    kern::preempt_check();
    ASSERT_EQ(cpu->current, caller.tcb);
    kern::scheduler_tick();
    kern::scheduler_tick();           // 8 ticks of the caller's slice left
    kern::donate(*c);
    EXPECT_EQ(cpu->current, c.tcb) << "the named thread runs, not its peers, despite priority 50";
    EXPECT_EQ(c.tcb->remaining_ticks, 8u);
    EXPECT_EQ(caller.tcb->remaining_ticks, 10u);   // the caller's next turn is a fresh slice
    kern::preempt_check();            // nothing new: the donation stands
    EXPECT_EQ(cpu->current, c.tcb);
    for (int i = 0; i < 7; ++i) kern::scheduler_tick();
    EXPECT_EQ(cpu->current, c.tcb);
    kern::scheduler_tick();           // the donated slice is used up
    EXPECT_EQ(cpu->current, caller.tcb) << "then the highest ready thread again";
}

/// A thread with a UTCB (for its PreemptFlags TCR) in host memory.
struct Utcb_thread : Thread {
    std::vector<kern::word_t> utcb_words = std::vector<kern::word_t>(WALNUT_UTCB_SIZE / 8);
    explicit Utcb_thread(uint8_t prio, unsigned slice = 10) : Thread(prio, slice) {
        tcb->utcb = &utcb_words[64];   // MR0 at +512
    }
    kern::word_t flags() { return tcb->tcr(WALNUT_TCR_PREEMPT_COP_FLAGS); }
};

constexpr kern::word_t flag_d = 1 << 6, flag_i = 1 << 7;

TEST_F(Scheduling, DelayedPreemptionUpToTheMaximumDelay) {
    Utcb_thread low(50);
    Thread mid(150), high(250);
    all = {idle.tcb, low.tcb, mid.tcb, high.tcb};
    low.tcb->sensitive_prio = 200;
    low.tcb->max_delay_us = 5000;
    low.tcb->tcr(WALNUT_TCR_PREEMPT_COP_FLAGS) = flag_d;
    host::set_clock_us(1000);
    kern::make_ready(*low);
    kern::preempt_check();
    ASSERT_EQ(cpu->current, low.tcb);
    kern::make_ready(*mid);           // at or below the sensitive priority: delayed
    kern::preempt_check();
    EXPECT_EQ(cpu->current, low.tcb);
    EXPECT_TRUE(low.flags() & flag_i) << "the kernel sets I";
    host::set_clock_us(5999);
    kern::scheduler_tick();           // within the delay
    EXPECT_EQ(cpu->current, low.tcb);
    host::set_clock_us(6000);
    kern::scheduler_tick();           // the delay is over
    EXPECT_EQ(cpu->current, mid.tcb);
}

TEST_F(Scheduling, NoDelayAboveTheSensitivePriorityOrWithoutD) {
    Utcb_thread low(50);
    Thread mid(150), high(250);
    all = {idle.tcb, low.tcb, mid.tcb, high.tcb};
    low.tcb->sensitive_prio = 200;
    low.tcb->max_delay_us = 5000;
    low.tcb->tcr(WALNUT_TCR_PREEMPT_COP_FLAGS) = flag_d;
    kern::make_ready(*low);
    kern::preempt_check();
    kern::make_ready(*high);          // above the sensitive priority: at once
    kern::preempt_check();
    EXPECT_EQ(cpu->current, high.tcb);
    EXPECT_FALSE(low.flags() & flag_i);
    blocks(high);
    kern::schedule();
    ASSERT_EQ(cpu->current, low.tcb);
    low.tcb->tcr(WALNUT_TCR_PREEMPT_COP_FLAGS) = 0;   // no d: no delay
    kern::make_ready(*mid);
    kern::preempt_check();
    EXPECT_EQ(cpu->current, mid.tcb);
    EXPECT_FALSE(low.flags() & flag_i);
}

TEST_F(Scheduling, DelayAtTheEndOfTheSliceEndsWhenTheThreadYields) {
    Utcb_thread a(100, 2);
    Thread b(100, 2);
    all = {idle.tcb, a.tcb, b.tcb};
    a.tcb->max_delay_us = 5000;
    a.tcb->tcr(WALNUT_TCR_PREEMPT_COP_FLAGS) = flag_d;
    host::set_clock_us(100000);
    kern::make_ready(*a);
    kern::make_ready(*b);
    kern::preempt_check();
    ASSERT_EQ(cpu->current, a.tcb);
    kern::scheduler_tick();
    kern::scheduler_tick();           // slice over, but delayed
    EXPECT_EQ(cpu->current, a.tcb);
    EXPECT_TRUE(a.flags() & flag_i);
    kern::yield();                    // ThreadSwitch(nilthread), as asked
    EXPECT_EQ(cpu->current, b.tcb);
}

/// The running thread is never queued: blocking leaves nothing to remove,
/// and a preempted thread resumes before the peers that were waiting.
TEST_F(Scheduling, RunningThreadIsNotQueuedAndAPreemptedOneResumesFirst) {
    Thread a(100), b(100), high(150);
    all = {idle.tcb, a.tcb, b.tcb, high.tcb};
    kern::make_ready(*a);
    kern::make_ready(*b);
    kern::preempt_check();
    ASSERT_EQ(cpu->current, a.tcb);
    EXPECT_FALSE(a.tcb->queued);
    EXPECT_TRUE(b.tcb->queued);
    kern::make_ready(*a);             // already running: stays out of the queue
    EXPECT_FALSE(a.tcb->queued);
    kern::make_ready(*high);
    kern::preempt_check();
    ASSERT_EQ(cpu->current, high.tcb);
    EXPECT_TRUE(a.tcb->queued);
    blocks(high);
    kern::schedule();
    EXPECT_EQ(cpu->current, a.tcb) << "the preempted thread first, then its peer";
    size_t queued = 0;
    EXPECT_EQ(cpu->ready.check(&queued), 0u);
    EXPECT_EQ(queued, 1u);
}

}  // namespace
