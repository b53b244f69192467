// SPDX-License-Identifier: BSD-2-Clause
// Fuzz target: the device-tree parser (kern::fdt::Tree). The input is a
// blob (in a heap buffer of exactly its size, so AddressSanitizer sees any
// overread) followed by nothing else: every accessor runs on every node the
// parser itself hands out, with names and properties the boards' code asks
// for and ones taken from the blob. Results must be consistent: children
// name their parent, paths built from names find the same node, returned
// pointers lie inside the blob, document-order walks end.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "support/fuzz_support.hpp"

#include <kern/fdt.hpp>

namespace {

using hostfuzz::violation;
using kern::fdt::Node;
using kern::fdt::none;
using kern::fdt::Tree;

constexpr size_t max_nodes = 512;
const char* const props[] = {"compatible", "reg", "device_type", "#address-cells", "#size-cells",
                             "status", "linux,initrd-start", "bootargs", "interrupts", ""};
const char* const compats[] = {"arm,pl011", "ns16550a", "arm,gic-v3", "riscv,plic0", "virtio,mmio",
                               "sifive,test0", "", "x"};

// The parser's rule for a path component: "name" also answers to "name@unit".
bool answers_to(const std::string& node_name, const std::string& component) {
    if (node_name == component) return true;
    return component.find('@') == std::string::npos && node_name.size() > component.size() &&
           node_name.compare(0, component.size(), component) == 0 && node_name[component.size()] == '@';
}

bool inside(const Tree& t, const uint8_t* blob, const void* p, size_t len) {
    auto* b = static_cast<const uint8_t*>(p);
    return b >= blob && b <= blob + t.total_size() && len <= size_t(blob + t.total_size() - b);
}

void query_node(const Tree& t, const uint8_t* blob, Node n) {
    const char* name = t.name(n);
    if (!inside(t, blob, name, std::strlen(name) + 1) && name[0] != '\0')
        violation("name", "node %d name lies outside the blob", n);
    for (const char* p : props) {
        uint32_t len = 0;
        const void* v = t.property(n, p, &len);
        if (v && !inside(t, blob, v, len)) violation("property", "property %s of node %d outside the blob", p, n);
        if (v && len) {
            // Touch the whole value: AddressSanitizer checks the range.
            volatile uint8_t sum = 0;
            for (uint32_t i = 0; i < len; ++i) sum = static_cast<uint8_t>(sum + static_cast<const uint8_t*>(v)[i]);
        }
        if (const char* s = t.property_string(n, p); s && std::strlen(s) >= len + 1)
            violation("property_string", "string property %s longer than its value", p);
        (void)t.property_u32(n, p, 7);
    }
    for (const char* c : compats) (void)t.compatible(n, c);
    for (unsigned i = 0; i < 4; ++i) {
        kern::paddr_t base = 0, size = 0;
        if (!t.reg(n, i, &base, &size)) break;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::unique_ptr<uint8_t[]> blob(new uint8_t[size ? size : 1]);
    if (size) std::memcpy(blob.get(), data, size);
    Tree t;
    if (!t.init(blob.get(), size)) {
        if (t.valid() || t.root() != none) violation("init", "a rejected blob still has a root");
        return 0;
    }
    if (t.total_size() > size) violation("init", "total size %zu beyond the %zu bytes given", t.total_size(), size);

    // Depth-first over the nodes the parser hands out, bounded. A node is
    // "addressable" if the path of its names leads to it: no earlier
    // sibling of it or of an ancestor answers to the same path component.
    struct Entry {
        Node node;
        std::string path;
        bool addressable;
    };
    std::vector<Entry> stack;
    size_t visited = 0;
    if (Node r = t.root(); r != none) stack.push_back({r, "", true});
    while (!stack.empty() && visited < max_nodes) {
        Entry e = stack.back();
        stack.pop_back();
        ++visited;
        query_node(t, blob.get(), e.node);
        std::vector<std::string> earlier;
        for (Node c = t.first_child(e.node); c != none && earlier.size() < max_nodes; c = t.next_sibling(c)) {
            if (c <= e.node) violation("first_child/next_sibling", "node %d follows node %d", c, e.node);
            if (t.parent(c) != e.node)
                violation("parent", "child %d of %d names parent %d", c, e.node, t.parent(c));
            std::string name = t.name(c);
            bool addressable = e.addressable && !name.empty() && name.find('/') == std::string::npos;
            for (const std::string& o : earlier)
                addressable &= !answers_to(o, name);
            earlier.push_back(name);
            std::string path = e.path + "/" + name;
            if (addressable && path.size() < 1024 && t.find_path(path.c_str()) != c)
                violation("find_path", "path %s does not lead to node %d", path.c_str(), c);
            stack.push_back({c, path, addressable});
        }
    }
    (void)t.find_path("/");
    (void)t.find_path("/chosen");
    (void)t.find_path("/soc/serial");
    (void)t.find_path("//x");
    (void)t.find_path("");
    for (const char* c : compats) {
        size_t k = 0;
        for (Node n = t.find_compatible(c); n != none && k < max_nodes; n = t.find_compatible(c, n), ++k)
            if (!t.compatible(n, c)) violation("find_compatible", "node %d found for %s is not compatible", n, c);
    }
    size_t k = 0;
    for (Node n = t.find_device_type("memory"); n != none && k < max_nodes; n = t.find_device_type("memory", n), ++k) {
        const char* type = t.property_string(n, "device_type");
        if (!type || std::strcmp(type, "memory") != 0)
            violation("find_device_type", "node %d found for memory has another type", n);
    }
    for (unsigned i = 0; i < 64; ++i) {
        kern::paddr_t base, sz;
        if (!t.mem_reserve(i, &base, &sz)) break;
    }
    return 0;
}
