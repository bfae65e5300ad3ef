# cython: language_level=3, boundscheck=False, wraparound=False
"""The identifiers of a tree, found in C (the optional native half of ``rules.identifiers``).

``identifiers._declared`` selects every attribute that names an identifier's scheme with one
XPath, then looks each (name, value) up in Python: an attribute object, a string and a parent
element made per attribute. This walks lxml's ``xmlNode`` structures instead, in the same
document order, and makes a Python object only for the attributes of a scheme's name and for
the elements whose scheme is known. It reads struct fields only (see ``mapping/_native.pyx``).
tests/test_rules_native.py compares the two on every example and on edited trees.
"""

from libc.string cimport strcmp

cimport lxml.includes.etreepublic as cetree
from lxml.includes cimport tree
from lxml.includes.tree cimport xmlAttr, xmlDoc, xmlNode

cetree.import_lxml__etree()


def declared(cetree._Element root not None, tuple names not None, dict by_pair not None):
    """(element, scheme) of every element of ``root``'s document with an attribute of one of
    ``names`` (no namespace) whose (name, value) is a key of ``by_pair``, in document order:
    what ``/descendant::*/@name | ...`` selects. None where an attribute's value is not one
    text node (entities of a DTD): then the XPath decides."""
    cdef list found = []
    cdef list encoded = [name.encode("utf-8") for name in names]
    cdef Py_ssize_t count = len(encoded), i
    cdef bytes candidate
    cdef xmlDoc* document = root._c_node.doc
    cdef xmlNode* node = document.children
    cdef xmlNode* text
    cdef xmlAttr* attribute
    cdef object value, scheme, name
    if document.intSubset != NULL or document.extSubset != NULL:
        return None  # (a DTD: attributes may hold entities; the XPath reads them)
    while node != NULL:  # (the document's elements, depth first, in document order)
        if node.type == tree.XML_ELEMENT_NODE:
            attribute = node.properties
            while attribute != NULL:
                if attribute.ns == NULL:
                    for i in range(count):
                        candidate = <bytes>encoded[i]
                        if strcmp(<const char*>attribute.name, candidate) == 0:
                            text = attribute.children
                            if text == NULL:
                                value = ""
                            elif text.next != NULL or text.type != tree.XML_TEXT_NODE:
                                return None
                            else:
                                value = cetree.pyunicode(text.content)
                            name = names[i]
                            scheme = by_pair.get((name, value))
                            if scheme is not None:
                                found.append((cetree.elementFactory(root._doc, node), scheme))
                            break
                attribute = attribute.next
            if node.children != NULL:
                node = node.children
                continue
        while node.next == NULL:
            node = node.parent
            if node == NULL or node.type == tree.XML_DOCUMENT_NODE:
                return found
        node = node.next
    return found
