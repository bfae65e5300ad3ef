# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The read plans' interpreter on libxml2's tree, in C (the optional native reader).

:meth:`elhub_cim.mapping.reading._Reading.group` reads a tree through lxml's Python objects:
every child an element proxy, every tag a new string, every element marked read a set entry.
This module runs the same plan (:func:`compile_plan` turns a ``_ReadGroup`` into C-friendly
objects) over the ``xmlNode`` structures lxml keeps: it compares names in C, marks elements by
pointer, and makes a Python object only for what it returns (texts, values, the rows it
defers). Its outcome is the interpreter's, row by row: the same values in the same order, the
same rows deferred to ``run_rules``, the same elements and attributes counted as read, the
same ``Fallback`` (tests/test_compiled.py compares the three readers on every example, mutants
and generated documents).

It reads struct fields only and calls libxml2 through lxml's public C API (``textOf``), never
directly: lxml's wheels carry their own libxml2, whose symbols another extension cannot link.
Anything unusual (an attribute whose value is not one text node, a document with a DTD) is
read through lxml's Python API instead, as the interpreter reads it.
"""

from cpython.dict cimport PyDict_GetItem
from cpython.ref cimport PyObject
from cpython.unicode cimport PyUnicode_GET_LENGTH, PyUnicode_READ_CHAR
from libc.stdlib cimport free, qsort, realloc
from libc.string cimport strcmp

cimport lxml.includes.etreepublic as cetree
from lxml.includes cimport tree
from lxml.includes.tree cimport const_xmlChar, xmlAttr, xmlNode

cetree.import_lxml__etree()

cdef extern from "etree_defs.h":
    bint _isElement(xmlNode* c_node) nogil

cdef extern from "Python.h":
    bint PyUnicode_IS_ASCII(object o)

DEF XSI = b"http://www.w3.org/2001/XMLSchema-instance"

# Row kinds and normalisations: reading.py's (set by configure()).
cdef int _PLAIN = 0
cdef int _CONSTANT = 1
cdef int _RULE = 2
cdef int _RULE_WITHOUT_PATH = 3
cdef int _DECIMAL = 4

# reading.py's helpers, given by configure(): the native reader calls back into Python only
# where the interpreter calls a function (normalising a text, a group's placement).
cdef object _Fallback = None
cdef object _decimal_text = None
cdef object _uuid_match = None
cdef object _to_oslo = None
cdef object _from_utc_minute = None
cdef object _regular = None
cdef object _read_placed = None
cdef object _dict_values = None
cdef object _MISSING = object()


def configure(
    fallback, decimal_text, uuid_match, to_oslo, from_utc_minute, regular, read_placed,
    dict_values, kinds,
):
    """Hand the native reader reading.py's helpers and constants (no import cycle)."""
    global _Fallback, _decimal_text, _uuid_match, _to_oslo, _from_utc_minute, _regular
    global _read_placed, _dict_values, _PLAIN, _CONSTANT, _RULE, _RULE_WITHOUT_PATH, _DECIMAL
    _Fallback, _decimal_text, _uuid_match = fallback, decimal_text, uuid_match
    _to_oslo, _from_utc_minute, _regular = to_oslo, from_utc_minute, regular
    _read_placed, _dict_values = read_placed, dict_values
    _PLAIN, _CONSTANT, _RULE, _RULE_WITHOUT_PATH, _DECIMAL = kinds


# --- the plan --------------------------------------------------------------------------------


cdef class _Name:
    """A qualified name ``{href}local`` (or ``local``) as UTF-8, for comparing in C."""

    cdef bytes href_bytes
    cdef bytes name_bytes
    cdef const char* href  # NULL: no namespace
    cdef const char* name
    cdef bint xsi

    def __init__(self, str qname):
        if qname.startswith("{"):
            href, _, local = qname[1:].partition("}")
            self.href_bytes = href.encode("utf-8")
            self.href = self.href_bytes
        else:
            local = qname
            self.href_bytes = b""
            self.href = NULL
        self.name_bytes = local.encode("utf-8")
        self.name = self.name_bytes
        self.xsi = self.href_bytes == XSI


cdef class _Row:
    cdef int kind
    cdef int normalise
    cdef tuple steps  # of _Name
    cdef object attribute  # str or None, as the plan names it
    cdef _Name attribute_name
    cdef object codes  # dict or None
    cdef tuple domain
    cdef object constant
    cdef object rule
    cdef object absent
    # a ``present:`` row set as its group ends (reading._inline_presents): what it sets there
    cdef bint inline
    cdef object inline_value  # _MISSING: a Fallback where its element is there
    cdef tuple inline_domain


cdef class _Sub:
    cdef _Group plan
    cdef object part  # the plan's _ReadPart (for _read_placed)
    cdef tuple domain
    cdef bint many
    cdef Py_ssize_t skip
    cdef tuple steps
    cdef bint has_steps
    cdef bint placement


cdef class _Group:
    cdef tuple rows
    cdef tuple groups


def compile_plan(plan, inline=frozenset(), present_value=None):
    """A ``reading._ReadGroup`` as the native reader runs it; ``inline``: the ids of the
    ``present:`` rows set as their group ends, as the generated readers set them
    (``reading._inline_presents``; ``present_value`` gives the value such a rule sets)."""
    cdef _Group group = _Group()
    cdef _Row row
    cdef _Sub sub
    rows = []
    for source in plan.rows:
        row = _Row()
        row.kind = source.kind
        row.normalise = source.normalise
        row.steps = tuple([_Name(q) for q in source.qnames])
        row.attribute = source.attribute
        row.attribute_name = None if source.attribute is None else _Name(source.attribute)
        row.codes = source.codes
        row.domain = tuple(source.domain)
        row.constant = source.constant
        row.rule = source.rule
        row.absent = source.absent
        row.inline = id(source) in inline
        if row.inline:
            rule = source.rule
            value = present_value(rule.rule)
            if rule.codes is not None:
                value = rule.codes.get(value, _MISSING)
            row.inline_value = _MISSING if not rule.domain else value
            row.inline_domain = tuple(rule.domain)
        rows.append(row)
    groups = []
    for sub_plan, part, qnames, steps, placement in plan.groups:
        sub = _Sub()
        sub.plan = compile_plan(sub_plan, inline, present_value)
        sub.part = part
        sub.domain = tuple(part.domain)
        sub.many = part.many
        sub.skip = part.skip
        sub.steps = tuple([_Name(q) for q in qnames])
        sub.has_steps = steps
        sub.placement = placement
        groups.append(sub)
    group.rows = tuple(rows)
    group.groups = tuple(groups)
    return group


# --- node lists ------------------------------------------------------------------------------


cdef struct _Nodes:
    void** items
    Py_ssize_t size
    Py_ssize_t capacity


cdef int _push(_Nodes* nodes, void* item) except -1:
    cdef void** grown
    cdef Py_ssize_t capacity
    if nodes.size == nodes.capacity:
        capacity = 16 if nodes.capacity == 0 else nodes.capacity * 2
        grown = <void**>realloc(nodes.items, capacity * sizeof(void*))
        if grown == NULL:
            raise MemoryError()
        nodes.items = grown
        nodes.capacity = capacity
    nodes.items[nodes.size] = item
    nodes.size += 1
    return 0


cdef inline int _mark(_Nodes* nodes, void* item) except -1:
    """``_push``, but not the item just pushed again (rows mostly read one element after
    another: fewer repeats to sort away in check_leftovers)."""
    if nodes.size and nodes.items[nodes.size - 1] == item:
        return 0
    return _push(nodes, item)


cdef void _release(_Nodes* nodes) noexcept:
    free(nodes.items)
    nodes.items = NULL
    nodes.size = nodes.capacity = 0


cdef int _by_address(const void* a, const void* b) noexcept nogil:
    cdef size_t x = <size_t>(<void**>a)[0]
    cdef size_t y = <size_t>(<void**>b)[0]
    return (x > y) - (x < y)


cdef Py_ssize_t _unique(_Nodes* nodes) noexcept:
    """Sorts ``nodes`` by address and drops repeats (a set's members); their number."""
    cdef Py_ssize_t i, kept = 0
    if nodes.size == 0:
        return 0
    qsort(nodes.items, nodes.size, sizeof(void*), _by_address)
    for i in range(nodes.size):
        if kept == 0 or nodes.items[kept - 1] != nodes.items[i]:
            nodes.items[kept] = nodes.items[i]
            kept += 1
    nodes.size = kept
    return kept


cdef bint _contains(_Nodes* sorted_nodes, void* item) noexcept:
    cdef Py_ssize_t low = 0, high = sorted_nodes.size - 1, middle
    while low <= high:
        middle = (low + high) // 2
        if sorted_nodes.items[middle] == item:
            return True
        if <size_t>sorted_nodes.items[middle] < <size_t>item:
            low = middle + 1
        else:
            high = middle - 1
    return False


cdef inline bint _is(xmlNode* node, _Name name) noexcept:
    """Whether element ``node``'s tag is ``name`` (lxml's ``tag == qname``)."""
    if node.type != tree.XML_ELEMENT_NODE or strcmp(<const char*>node.name, name.name) != 0:
        return False
    if node.ns == NULL or node.ns.href == NULL:
        return name.href == NULL
    return name.href != NULL and strcmp(<const char*>node.ns.href, name.href) == 0


cdef inline bint _has_children(xmlNode* node) noexcept:
    """``len(element) > 0`` (elements, comments, processing instructions, entities)."""
    cdef xmlNode* child = node.children
    while child != NULL:
        if _isElement(child):
            return True
        child = child.next
    return False


cdef bint _regular_text(str text) except -1:
    """``reading._regular``: no XSD whitespace facet could change ``text``. ASCII in C (the
    characters ``str.split`` splits ASCII at), anything else in Python."""
    cdef Py_ssize_t i, length
    cdef Py_UCS4 c, last = 0
    if not PyUnicode_IS_ASCII(text):
        return _regular(text)
    length = PyUnicode_GET_LENGTH(text)
    for i in range(length):
        c = PyUnicode_READ_CHAR(text, i)
        if c == 32:
            if i == 0 or i == length - 1 or last == 32:
                return False
        elif (9 <= c <= 13) or (28 <= c <= 31):
            return False
        last = c
    return True


cdef void _set(dict target, tuple dotted, object value) except *:
    cdef Py_ssize_t i, last = len(dotted) - 1
    if last < 0:  # (no path: reading._set's IndexError, not a read past the tuple's end)
        raise IndexError("tuple index out of range")
    for i in range(last):
        target = target.setdefault(dotted[i], {})
    target[dotted[last]] = value


# --- reading ---------------------------------------------------------------------------------


cdef class NativeReading:
    """One reading of one tree: the values read, the rows deferred to ``run_rules``, and what
    was read (elements, attributes) and looked into, for :meth:`check_leftovers`."""

    cdef public dict values
    cdef public list deferred
    cdef object root_element  # keeps the tree alive while its nodes are marked
    cdef cetree._Document document
    cdef _Nodes used
    cdef _Nodes looked
    cdef _Nodes attributes
    cdef _Nodes scratch
    cdef public str side

    def __cinit__(self, str side):
        self.side = side
        self.values = {}
        self.deferred = []

    def __dealloc__(self):
        _release(&self.used)
        _release(&self.looked)
        _release(&self.attributes)
        _release(&self.scratch)

    def read(self, _Group plan not None, cetree._Element root not None):
        """Reads ``root`` through ``plan`` into :attr:`values` (raises ``Fallback``)."""
        self.root_element = root
        self.document = root._doc
        self._group(plan, root._c_node, self.values, None)

    cdef int _below(self, xmlNode* element, tuple steps, _Nodes* out) except -1:
        """``_Reading.below``: the elements at ``steps`` below ``element`` in document order,
        into ``out``; every element whose children were listed is marked looked into."""
        cdef _Nodes current, found, swap
        cdef Py_ssize_t i
        cdef xmlNode* node
        cdef xmlNode* child
        cdef _Name name
        out.size = 0
        if len(steps) == 0:
            _push(out, element)
            return 0
        current.items = NULL
        current.size = current.capacity = 0
        found.items = NULL
        found.size = found.capacity = 0
        try:
            _push(&current, element)
            for name in steps:
                found.size = 0
                for i in range(current.size):
                    node = <xmlNode*>current.items[i]
                    _mark(&self.looked, node)
                    child = node.children
                    while child != NULL:
                        if _is(child, name):
                            _push(&found, child)
                        child = child.next
                if found.size == 0:
                    return 0
                swap = current
                current = found
                found = swap
            for i in range(current.size):
                _push(out, current.items[i])
        finally:
            _release(&current)
            _release(&found)
        return 0

    cdef object _text(self, xmlNode* element, _Row row):
        """``_Reading.text``: the row's text (None: absent), its element or attribute marked."""
        cdef xmlNode* target
        cdef xmlAttr* attribute
        cdef _Name name
        cdef object value
        cdef xmlNode* child
        cdef xmlNode* above
        cdef _Name second
        cdef Py_ssize_t steps = len(row.steps)
        if steps == 0:
            target = element
        elif steps == 1:  # (most rows: a child, the first of its name; no list made)
            _mark(&self.looked, element)
            name = <_Name>row.steps[0]
            child = element.children
            while child != NULL and not _is(child, name):
                child = child.next
            if child == NULL:
                return None
            target = child
        elif steps == 2:  # (a header's field: its first below the first step's elements)
            _mark(&self.looked, element)
            name = <_Name>row.steps[0]
            second = <_Name>row.steps[1]
            target = NULL
            above = element.children
            while above != NULL:
                if _is(above, name):
                    _mark(&self.looked, above)  # (each, as _Reading.below lists its children)
                    if target == NULL:
                        child = above.children
                        while child != NULL and not _is(child, second):
                            child = child.next
                        target = child
                above = above.next
            if target == NULL:
                return None
        else:
            self._below(element, row.steps, &self.scratch)
            if self.scratch.size == 0:
                return None
            target = <xmlNode*>self.scratch.items[0]
        if row.attribute_name is not None:
            name = row.attribute_name
            value = self._attribute(target, name, row.attribute)
            if value is None:
                return None
        else:
            _mark(&self.used, target)
            value = cetree.textOf(target)
            if value is None:
                value = ""
        if not _regular_text(value):
            raise _Fallback
        if row.normalise == _DECIMAL:
            return _decimal_text(value)
        if row.normalise and row.attribute_name is None and not _has_children(target):
            if 36 <= len(value) <= 37 and _uuid_match(value) is not None:
                return value.lower()
            if row.normalise == 2:
                return _to_oslo(value)
            if row.normalise == 3:
                return _from_utc_minute(value)
        return value

    cdef object _attribute(self, xmlNode* target, _Name name, object qname):
        """``target.get(qname)``, the attribute marked read unless it is xsi's."""
        cdef xmlAttr* attribute = target.properties
        cdef xmlNode* text
        if target.doc != NULL and (target.doc.intSubset != NULL or target.doc.extSubset != NULL):
            return self._attribute_by_lxml(target, name, qname)  # (defaults a DTD may give)
        while attribute != NULL:
            if strcmp(<const char*>attribute.name, name.name) == 0:
                if name.href == NULL:
                    if attribute.ns == NULL:
                        break
                elif attribute.ns != NULL and attribute.ns.href != NULL and strcmp(
                    <const char*>attribute.ns.href, name.href
                ) == 0:
                    break
            attribute = attribute.next
        if attribute == NULL:
            return None
        text = attribute.children
        if text != NULL and (text.next != NULL or text.type != tree.XML_TEXT_NODE):
            return self._attribute_by_lxml(target, name, qname)
        if not name.xsi:
            _push(&self.attributes, attribute)
        if text == NULL:
            return ""
        return cetree.pyunicode(text.content)

    cdef object _attribute_by_lxml(self, xmlNode* target, _Name name, object qname):
        cdef xmlAttr* attribute
        value = cetree.elementFactory(self.document, target).get(qname)
        if value is not None and not name.xsi:
            attribute = target.properties
            while attribute != NULL:  # (the attribute lxml found: the one of that name)
                if strcmp(<const char*>attribute.name, name.name) == 0 and (
                    (name.href == NULL and attribute.ns == NULL)
                    or (
                        name.href != NULL and attribute.ns != NULL
                        and attribute.ns.href != NULL
                        and strcmp(<const char*>attribute.ns.href, name.href) == 0
                    )
                ):
                    _push(&self.attributes, attribute)
                    break
                attribute = attribute.next
            else:
                raise _Fallback  # (a default from the DTD: no attribute of the tree)
        return value

    cdef bint _group(self, _Group plan, xmlNode* element, dict into, object position) except -1:
        cdef bint found = False
        cdef _Row row
        cdef _Sub sub
        cdef int kind
        cdef object text, value
        cdef PyObject* looked_up
        cdef Py_ssize_t i, number, first
        cdef list items
        cdef dict item, part
        cdef _Nodes nodes
        cdef list pending = None
        for row in plan.rows:
            kind = row.kind
            if kind == _RULE_WITHOUT_PATH:
                self.deferred.append((row.rule, None, into, position))
                continue
            text = self._text(element, row)
            if kind == _CONSTANT:
                if text is not None and text != row.constant:
                    raise _Fallback
                continue
            if kind == _RULE:
                if row.inline:
                    if text is not None:
                        if pending is None:
                            pending = []
                        pending.append(row)
                        found = True
                    continue
                self.deferred.append((row.rule, text, into, position))
                found = found or text is not None
                continue
            if text is None:
                if row.absent is not None:
                    _set(into, row.domain, row.absent)
                continue
            value = text
            if row.codes is not None:
                looked_up = PyDict_GetItem(row.codes, text)
                if looked_up == NULL:
                    raise _Fallback
                value = <object>looked_up
            _set(into, row.domain, value)
            found = True
        for sub in plan.groups:
            if sub.placement and not _read_placed(
                sub.part, self.side, _dict_values(self.values), into
            ):
                continue
            nodes.items = NULL
            nodes.size = nodes.capacity = 0
            try:
                self._below(element, sub.steps, &nodes)
                if sub.many:
                    items = []
                    number = 0
                    first = sub.skip  # (where Python's slice [skip:] starts, never before 0)
                    if first < 0:
                        first = nodes.size + first if nodes.size + first > 0 else 0
                    for i in range(first, nodes.size):
                        _push(&self.used, nodes.items[i])
                        number += 1
                        item = {}
                        self._group(sub.plan, <xmlNode*>nodes.items[i], item, number)
                        items.append(item.get("", item))
                    if items:
                        _set(into, sub.domain, items)
                        found = True
                    continue
                if nodes.size == 0:
                    continue
                _push(&self.used, nodes.items[0])
                part = {}
                if self._group(sub.plan, <xmlNode*>nodes.items[0], part, None) or sub.has_steps:
                    _set(into, sub.domain, part)
                    found = True
            finally:
                _release(&nodes)
        if pending is not None:  # (what run_rules would set for them, as the group ends)
            for row in pending:
                if row.inline_value is _MISSING:
                    raise _Fallback
                _set(into, row.inline_domain, row.inline_value)
        return found

    def check_leftovers(self, cetree._Element root not None):
        """``_Reading.check_leftovers``: ``Fallback`` unless every leaf element and every
        attribute (but xsi's) below ``root`` was read."""
        cdef Py_ssize_t used, looked_into = 0, i, elements = 0, attributes = 0
        cdef xmlNode* top = root._c_node
        cdef xmlNode* node
        cdef xmlAttr* attribute
        used = _unique(&self.used)
        _unique(&self.looked)
        for i in range(self.looked.size):
            node = <xmlNode*>self.looked.items[i]
            if _contains(&self.used, node):
                continue
            if not _has_children(node):
                raise _Fallback
            looked_into += 1
        # every element and non-xsi attribute of the tree, walked in document order
        node = top
        while node != NULL:
            if node.type == tree.XML_ELEMENT_NODE:
                elements += 1
                attribute = node.properties
                while attribute != NULL:
                    if not (
                        attribute.ns != NULL and attribute.ns.href != NULL
                        and strcmp(<const char*>attribute.ns.href, XSI) == 0
                    ):
                        attributes += 1
                    attribute = attribute.next
                if node.children != NULL:  # (only an element's: an entity's are its declaration)
                    node = node.children
                    continue
            while node != top and node.next == NULL:
                node = node.parent
            if node == top:
                break
            node = node.next
        if used + looked_into != elements:
            raise _Fallback
        if _unique(&self.attributes) != attributes:
            raise _Fallback
