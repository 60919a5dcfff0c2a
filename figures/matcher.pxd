# C types for the compiled matcher (setup.py builds figures/matcher.py with this beside it).
# The .py stays the one source of the algorithm: this file only declares the element and the
# document as C structs and the hot functions as C calls with typed indices.
cimport cython

from figures.sequences cimport Elem

cdef class Doc:
    cdef public object toks, lex, clock
    cdef public dict nums, vague, _clock_memo
    cdef public Py_ssize_t n
    cdef public bint other_digits
    cdef public list low, raw, bits
    cdef public bytearray kinds, space
    cpdef object clock_at(self, Py_ssize_t i, bint bare)

@cython.locals(text=str, key=tuple)
cdef bint _fits(object shape, Doc doc, Py_ssize_t i) except -1

@cython.locals(kind=int, shape=object)
cdef bint _opens(tuple f, Doc doc, Py_ssize_t i) except -1

@cython.locals(g=Elem)
cdef bint _guarded(tuple guards, Doc doc, Py_ssize_t i, dict vals) except -1

@cython.locals(filters=list, words=object, n=Py_ssize_t, a=Py_ssize_t, k=Py_ssize_t, f=object, items=list,
               el=Elem, ends=list, caps=list, e=list, c=list, b=object, low=object)
cpdef tuple ways(object alternatives, Doc doc, Py_ssize_t i, dict vals)

@cython.locals(n=Py_ssize_t, p=Py_ssize_t, k=Py_ssize_t, j=Py_ssize_t, el=Elem, kind=str, ends=list, caps=list,
               new_ends=list, new_caps=list, e=list, x=list, keep=list, opt=bint, glue=bint, group=bint,
               space=bytearray, bits=list, hit=object, c=tuple, c2=tuple)
cdef tuple _run(list items, Doc doc, Py_ssize_t i, dict vals)

@cython.locals(kind=str, m=Py_ssize_t, j=Py_ssize_t, words=tuple, gaps=tuple, n=Py_ssize_t, b=object, best=object,
               seq=list, space=bytearray)
cdef object _one(Elem el, Doc doc, Py_ssize_t i, dict vals)

@cython.locals(n=Py_ssize_t, width=Py_ssize_t, kind=int, p=Py_ssize_t, e=Py_ssize_t, first=object, tail=tuple, num=object,
               hit=object)
cpdef bint tail_opens(list tails, Doc doc, Py_ssize_t i, dict vals) except -1
