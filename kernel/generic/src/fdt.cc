// SPDX-License-Identifier: BSD-2-Clause
// Flattened device tree reader. All offsets are validated against the
// header's block sizes before use; a malformed blob reads as "not found".
#include <kern/fdt.hpp>
#include <kern/lib.hpp>

namespace kern::fdt {

namespace {

constexpr uint32_t fdt_magic = 0xd00dfeed;
constexpr uint32_t token_begin_node = 1;
constexpr uint32_t token_end_node = 2;
constexpr uint32_t token_prop = 3;
constexpr uint32_t token_nop = 4;
constexpr uint32_t bad = 0xffffffffu;

uint32_t be32(const uint8_t* p) {
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

constexpr uint32_t align4(uint32_t v) { return (v + 3u) & ~3u; }

}  // namespace

bool Tree::init(const void* blob, size_t max_size) {
    _blob = nullptr;
    if (!blob || max_size < 40) return false;
    const auto* b = static_cast<const uint8_t*>(blob);
    if (be32(b) != fdt_magic) return false;
    uint32_t total = be32(b + 4);
    uint32_t off_struct = be32(b + 8), off_strings = be32(b + 12), off_rsv = be32(b + 16);
    uint32_t version = be32(b + 20);
    uint32_t size_strings = be32(b + 32), size_struct = be32(b + 36);
    if (version < 16 || total > max_size || total < 40) return false;
    if (off_struct > total || size_struct > total - off_struct) return false;
    if (off_strings > total || size_strings > total - off_strings) return false;
    if (off_rsv > total || (off_rsv & 7) || (off_struct & 3)) return false;
    _blob = b;
    _size = total;
    _off_struct = off_struct;
    _size_struct = size_struct & ~3u;
    _off_strings = off_strings;
    _size_strings = size_strings;
    _off_rsvmap = off_rsv;
    return true;
}

uint32_t Tree::token_at(uint32_t off) const {
    if (!_blob || off > _size_struct - 4 || _size_struct < 4) return bad;
    return be32(_blob + _off_struct + off);
}

const char* Tree::name(Node node) const {
    if (node < 0 || token_at(static_cast<uint32_t>(node)) != token_begin_node) return "";
    uint32_t start = static_cast<uint32_t>(node) + 4;
    const char* s = reinterpret_cast<const char*>(_blob + _off_struct + start);
    size_t n = strnlen(s, _size_struct - start);
    return start + n < _size_struct ? s : "";
}

// Offset of the first token after the node's name (its first property or child).
uint32_t Tree::skip_props(Node node) const {
    uint32_t start = static_cast<uint32_t>(node) + 4;
    const char* s = reinterpret_cast<const char*>(_blob + _off_struct + start);
    size_t n = strnlen(s, _size_struct - start);
    if (start + n >= _size_struct) return bad;
    uint32_t off = align4(start + static_cast<uint32_t>(n) + 1);
    for (;;) {
        uint32_t t = token_at(off);
        if (t == token_nop) {
            off += 4;
        } else if (t == token_prop) {
            uint32_t len = token_at(off + 4);
            if (len == bad || len > _size_struct) return bad;
            off = align4(off + 12 + len);
        } else if (t == token_begin_node || t == token_end_node) {
            return off;
        } else {
            return bad;
        }
    }
}

Node Tree::skip_node(Node node) const {
    // Iterative walk with a depth counter; bounded by the block size.
    uint32_t off = skip_props(node);
    int depth = 0;
    while (off != bad) {
        uint32_t t = token_at(off);
        if (t == token_begin_node) {
            off = skip_props(static_cast<Node>(off));
            ++depth;
        } else if (t == token_end_node) {
            off += 4;
            if (depth == 0) return static_cast<Node>(off);
            --depth;
            // Properties may not follow children, but NOPs may: skip them.
            while (token_at(off) == token_nop) off += 4;
        } else if (t == token_nop) {
            off += 4;
        } else {
            return none;
        }
    }
    return none;
}

Node Tree::root() const {
    if (!_blob) return none;
    uint32_t off = 0;
    while (token_at(off) == token_nop) off += 4;
    return token_at(off) == token_begin_node ? static_cast<Node>(off) : none;
}

Node Tree::first_child(Node parent) const {
    if (parent < 0) return none;
    uint32_t off = skip_props(parent);
    if (off == bad) return none;
    while (token_at(off) == token_nop) off += 4;
    return token_at(off) == token_begin_node ? static_cast<Node>(off) : none;
}

Node Tree::next_sibling(Node node) const {
    if (node < 0) return none;
    Node after = skip_node(node);
    if (after < 0) return none;
    uint32_t off = static_cast<uint32_t>(after);
    while (token_at(off) == token_nop) off += 4;
    return token_at(off) == token_begin_node ? static_cast<Node>(off) : none;
}

namespace {

// Does a path component (length len) name this node? "memory" matches "memory@40000000".
bool component_matches(const char* node_name, const char* comp, size_t len) {
    if (strncmp(node_name, comp, len) != 0) return false;
    if (node_name[len] == '\0') return true;
    bool comp_has_unit = false;
    for (size_t i = 0; i < len; ++i) comp_has_unit |= comp[i] == '@';
    return node_name[len] == '@' && !comp_has_unit;
}

}  // namespace

Node Tree::find_path(const char* path) const {
    Node node = root();
    if (node < 0 || !path || path[0] != '/') return none;
    const char* p = path + 1;
    while (*p) {
        size_t len = 0;
        while (p[len] && p[len] != '/') ++len;
        Node child = first_child(node);
        while (child >= 0 && !component_matches(name(child), p, len)) child = next_sibling(child);
        if (child < 0) return none;
        node = child;
        p += len;
        if (*p == '/') ++p;
    }
    return node;
}

Node Tree::parent(Node node) const {
    // Walk all nodes in document order keeping a stack of open nodes.
    constexpr int max_depth = 32;
    Node stack[max_depth];
    int depth = 0;
    uint32_t off = 0;
    while (off < _size_struct) {
        uint32_t t = token_at(off);
        if (t == token_begin_node) {
            if (static_cast<Node>(off) == node) return depth ? stack[depth - 1] : none;
            if (depth == max_depth) return none;
            stack[depth++] = static_cast<Node>(off);
            off = skip_props(static_cast<Node>(off));
            if (off == bad) return none;
        } else if (t == token_end_node) {
            if (depth == 0) return none;
            --depth;
            off += 4;
        } else if (t == token_nop) {
            off += 4;
        } else {
            return none;
        }
    }
    return none;
}

const void* Tree::property(Node node, const char* prop, uint32_t* len) const {
    if (node < 0 || token_at(static_cast<uint32_t>(node)) != token_begin_node) return nullptr;
    uint32_t start = static_cast<uint32_t>(node) + 4;
    size_t n = strnlen(reinterpret_cast<const char*>(_blob + _off_struct + start),
                       _size_struct - start);
    uint32_t off = align4(start + static_cast<uint32_t>(n) + 1);
    for (;;) {
        uint32_t t = token_at(off);
        if (t == token_nop) {
            off += 4;
            continue;
        }
        if (t != token_prop) return nullptr;
        uint32_t plen = token_at(off + 4), name_off = token_at(off + 8);
        if (plen == bad || name_off == bad || plen > _size_struct - off - 12) return nullptr;
        if (name_off < _size_strings) {
            const char* pname = reinterpret_cast<const char*>(_blob + _off_strings + name_off);
            size_t max = _size_strings - name_off;
            if (strnlen(pname, max) < max && strcmp(pname, prop) == 0) {
                if (len) *len = plen;
                return _blob + _off_struct + off + 12;
            }
        }
        off = align4(off + 12 + plen);
    }
}

const char* Tree::property_string(Node node, const char* prop) const {
    uint32_t len = 0;
    const auto* s = static_cast<const char*>(property(node, prop, &len));
    if (!s || len == 0 || s[len - 1] != '\0') return nullptr;
    return s;
}

uint32_t Tree::property_u32(Node node, const char* prop, uint32_t fallback) const {
    uint32_t len = 0;
    const auto* p = static_cast<const uint8_t*>(property(node, prop, &len));
    return p && len == 4 ? be32(p) : fallback;
}

bool Tree::compatible(Node node, const char* compat) const {
    uint32_t len = 0;
    const auto* s = static_cast<const char*>(property(node, "compatible", &len));
    if (!s) return false;
    uint32_t i = 0;
    while (i < len) {
        size_t n = strnlen(s + i, len - i);
        if (i + n >= len) return false;  // unterminated
        if (strcmp(s + i, compat) == 0) return true;
        i += static_cast<uint32_t>(n) + 1;
    }
    return false;
}

Node Tree::next_in_document_order(Node n) const {
    Node c = first_child(n);
    if (c >= 0) return c;
    Node s = next_sibling(n);
    while (s < 0) {
        n = parent(n);
        if (n < 0) return none;
        s = next_sibling(n);
    }
    return s;
}

Node Tree::find_compatible(const char* compat, Node after) const {
    for (Node n = after < 0 ? root() : next_in_document_order(after); n >= 0;
         n = next_in_document_order(n))
        if (compatible(n, compat)) return n;
    return none;
}

Node Tree::find_device_type(const char* type, Node after) const {
    for (Node n = after < 0 ? root() : next_in_document_order(after); n >= 0;
         n = next_in_document_order(n)) {
        const char* t = property_string(n, "device_type");
        if (t && strcmp(t, type) == 0) return n;
    }
    return none;
}

unsigned Tree::cells_of(Node node, const char* prop, unsigned fallback) const {
    return node < 0 ? fallback : property_u32(node, prop, fallback);
}

bool Tree::reg(Node node, unsigned index, paddr_t* base, paddr_t* size) const {
    Node p = parent(node);
    unsigned ac = cells_of(p, "#address-cells", 2), sc = cells_of(p, "#size-cells", 1);
    if (ac < 1 || ac > 2 || sc > 2) return false;
    uint32_t len = 0;
    const auto* r = static_cast<const uint8_t*>(property(node, "reg", &len));
    uint32_t entry = (ac + sc) * 4;
    if (!r || entry == 0 || uint64_t{index + 1} * entry > len) return false;
    const uint8_t* e = r + index * entry;
    *base = read_cells(e, ac);
    *size = sc ? read_cells(e + ac * 4, sc) : 0;
    return true;
}

bool Tree::mem_reserve(unsigned index, paddr_t* base, paddr_t* size) const {
    if (!_blob) return false;
    for (unsigned i = 0;; ++i) {
        uint64_t off = _off_rsvmap + uint64_t{i} * 16;
        if (off + 16 > _size) return false;
        uint64_t b = read_cells(_blob + off, 2), s = read_cells(_blob + off + 8, 2);
        if (b == 0 && s == 0) return false;
        if (i == index) {
            *base = b;
            *size = s;
            return true;
        }
    }
}

uint64_t Tree::read_cells(const void* p, unsigned cells) {
    const auto* b = static_cast<const uint8_t*>(p);
    uint64_t v = 0;
    for (unsigned i = 0; i < cells; ++i) v = (v << 32) | be32(b + 4 * i);
    return v;
}

}  // namespace kern::fdt
