// SPDX-License-Identifier: BSD-2-Clause
// Read-only parser for flattened device trees (DTB, devicetree spec v0.4).
// Generic and allocation-free: nodes are offsets into the structure block.
// Every read is bounds-checked against the blob's header, so a malformed
// tree yields "not found" instead of a stray access (host-fuzzed).
#pragma once

#include <kern/types.hpp>

namespace kern::fdt {

using Node = int;               // offset of a FDT_BEGIN_NODE token; < 0 = none
inline constexpr Node none = -1;

class Tree {
public:
    /// Validates the header (magic, version >= 16, block bounds within
    /// max_size). Returns false and leaves the tree empty on failure.
    bool init(const void* blob, size_t max_size);
    bool valid() const { return _blob != nullptr; }
    size_t total_size() const { return _size; }

    /// The root node.
    Node root() const;
    /// Node at an absolute path such as "/chosen" or "/soc/serial@10000000".
    /// A path component without '@' also matches "name@unit".
    Node find_path(const char* path) const;
    Node first_child(Node parent) const;
    Node next_sibling(Node node) const;
    /// Parent of node (by scanning from the root; O(tree size)).
    Node parent(Node node) const;
    /// Name of the node ("" for the root), NUL-terminated inside the blob.
    const char* name(Node node) const;

    /// Property value; *len receives its length. nullptr if absent.
    const void* property(Node node, const char* prop, uint32_t* len) const;
    /// Property as a NUL-terminated string (nullptr if absent or unterminated).
    const char* property_string(Node node, const char* prop) const;
    /// One-cell (u32) property, or fallback if absent / wrong size.
    uint32_t property_u32(Node node, const char* prop, uint32_t fallback) const;
    /// True if the node's "compatible" string list contains compat.
    bool compatible(Node node, const char* compat) const;
    /// Next node in document order after 'after' (none = from the start)
    /// whose compatible list contains compat.
    Node find_compatible(const char* compat, Node after = none) const;
    /// Next node after 'after' whose device_type property equals type.
    Node find_device_type(const char* type, Node after = none) const;

    /// The index-th (base, size) pair of the node's "reg" property,
    /// decoded with the parent's #address-cells / #size-cells.
    bool reg(Node node, unsigned index, paddr_t* base, paddr_t* size) const;

    /// Entries of the memory reservation block (/memreserve/).
    bool mem_reserve(unsigned index, paddr_t* base, paddr_t* size) const;

    /// Reads 'cells' big-endian 32-bit cells (1 or 2) at p.
    static uint64_t read_cells(const void* p, unsigned cells);

private:
    const uint8_t* _blob = nullptr;
    size_t _size = 0;
    uint32_t _off_struct = 0, _size_struct = 0;
    uint32_t _off_strings = 0, _size_strings = 0;
    uint32_t _off_rsvmap = 0;

    uint32_t token_at(uint32_t off) const;
    Node skip_node(Node node) const;  // offset just past the node's END_NODE
    uint32_t skip_props(Node node) const;
    unsigned cells_of(Node node, const char* prop, unsigned fallback) const;
    Node next_in_document_order(Node node) const;
};

}  // namespace kern::fdt
