# C types for the compiled rule sequences (setup.py builds figures/sequences.py with this beside it):
# an element is a C struct, so the matcher (figures/matcher.pxd cimports it) reads its fields directly.
cdef class Elem:
    cdef public str kind
    cdef public object data, label, mask
    cdef public bint opt, glue, cased
    cdef public str name
    cdef public tuple guards
