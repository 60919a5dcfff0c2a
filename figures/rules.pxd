# C types for the compiled rule stage (setup.py builds figures/rules.py with this beside it): the
# rule set as a C struct, its loop over tokens and rules with C indices. figures/rules.py stays the
# one source of the algorithm.
cimport cython
from figures.matcher cimport Doc

cdef class RuleSet:
    cdef public list rules, reach, required, needs, tails
    cdef public dict valued, by_word, by_class, by_kind, _held, _by_digits
    cdef public object anchor_mask, class_mask, _mask, _words, _exact
    cdef public list _starts
    cdef public tuple _digit_shapes

    @cython.locals(n=Py_ssize_t, j=Py_ssize_t, k=Py_ssize_t, a=Py_ssize_t, i=Py_ssize_t, p=Py_ssize_t,
                   last=Py_ssize_t, d=Py_ssize_t, idx=Py_ssize_t, flag=int, kinds=bytearray, space=bytearray,
                   raw=list, bits=list, reach=list, rules=list, tails=list, starts0=dict, order=list, seg=list,
                   out=list, seen=set, state=bytearray, tried=tuple, nums=dict, vague=dict, found=tuple)
    cpdef list apply(self, Doc doc, object offset_drops)

    @cython.locals(n=Py_ssize_t, s=Py_ssize_t, end=Py_ssize_t, k=Py_ssize_t, ends=list, capss=list, caps=tuple,
                   vals=dict, best=object)
    cpdef tuple _at(self, object rule, Doc doc, Py_ssize_t i, object drops)
