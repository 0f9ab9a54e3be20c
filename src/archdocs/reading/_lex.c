/* The fast reader's first pass in C, and the line facts both readers take from a file's bytes: what archdocs.reading.fast.reader does with two regex passes and a Python
 * callback per string or comment (a third of its time on a large code base).
 *
 * blank(text) -> (code, flags) | None
 *   code:  text with every comment and string blanked, same length, newlines kept: a comment
 *          becomes spaces, a one-line string underscores, a multi-line string "(" spaces ")" (so
 *          the lines inside it read as continuation lines);
 *   flags: one byte per line plus a sentinel: 1 when the line continues the logical line before it
 *          (an open bracket, or a backslash at the end of the line before), else 0;
 *   None:  a quote that opens no complete string (not valid Python: tree-sitter reads the file).
 *
 * logical_lines(code, flags) -> [(first line, line after its last, indent)] of the logical lines
 *   that are not blank: the only lines the fast reader's statement loop (in Python) then visits.
 *
 * It follows the regular expressions of archdocs.reading.fast.reader exactly (leftmost token; triple-quoted
 * before single-quoted; a backslash escapes any character, a newline included). A line counts as
 * continued while more brackets are open than closed before it: the same flags as the Python
 * pass's wherever brackets balance, which they do in every file ruff accepts (the others are read
 * by tree-sitter). A test compares the two on every module of django, sympy and homeassistant. The pure-Python path stays the
 * fallback when this module is not built.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* End (exclusive) of the string whose opening quote is at i, or -1 when none closes. */
static Py_ssize_t
string_end(int kind, const void *data, Py_ssize_t n, Py_ssize_t i)
{
    Py_UCS4 q = PyUnicode_READ(kind, data, i);
    Py_ssize_t j;
    if (i + 2 < n && PyUnicode_READ(kind, data, i + 1) == q && PyUnicode_READ(kind, data, i + 2) == q) {
        j = i + 3;
        while (j < n) {
            Py_UCS4 d = PyUnicode_READ(kind, data, j);
            if (d == '\\') {
                if (j + 1 >= n)
                    break;
                j += 2;
                continue;
            }
            if (d == q && j + 2 < n && PyUnicode_READ(kind, data, j + 1) == q
                && PyUnicode_READ(kind, data, j + 2) == q)
                return j + 3;
            j++;
        }
    }
    j = i + 1;
    while (j < n) {
        Py_UCS4 d = PyUnicode_READ(kind, data, j);
        if (d == '\\') {
            if (j + 1 >= n)
                return -1;
            j += 2;
            continue;
        }
        if (d == '\n')
            return -1;
        if (d == q)
            return j + 1;
        j++;
    }
    return -1;
}

static PyObject *
blank(PyObject *module, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "blank() takes a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_UCS4 *out = PyMem_Malloc(sizeof(Py_UCS4) * (n ? n : 1));
    if (out == NULL)
        return PyErr_NoMemory();
    Py_ssize_t lines = 1;
    Py_ssize_t i = 0;
    while (i < n) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == '#') {
            while (i < n && PyUnicode_READ(kind, data, i) != '\n')
                out[i++] = ' ';
            continue;
        }
        if (c == '"' || c == '\'') {
            Py_ssize_t end = string_end(kind, data, n, i);
            if (end < 0) {
                PyMem_Free(out);
                Py_RETURN_NONE;
            }
            int multiline = 0;
            for (Py_ssize_t k = i; k < end; k++) {
                if (PyUnicode_READ(kind, data, k) == '\n') {
                    multiline = 1;
                    break;
                }
            }
            for (Py_ssize_t k = i; k < end; k++) {
                if (!multiline)
                    out[k] = '_';
                else if (PyUnicode_READ(kind, data, k) == '\n') {
                    out[k] = '\n';
                    lines++;
                }
                else
                    out[k] = ' ';
            }
            if (multiline) {
                out[i] = '(';
                out[end - 1] = ')';
            }
            i = end;
            continue;
        }
        if (c == '\n')
            lines++;
        out[i++] = c;
    }
    PyObject *flags = PyByteArray_FromStringAndSize(NULL, lines + 1);
    if (flags == NULL) {
        PyMem_Free(out);
        return NULL;
    }
    char *f = PyByteArray_AS_STRING(flags);
    memset(f, 0, (size_t)(lines + 1));
    Py_ssize_t line = 0, depth = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_UCS4 c = out[k];
        if (c == '\n') {
            line++;
            if (depth > 0)
                f[line] = 1;
        }
        else if (c == '(' || c == '[' || c == '{')
            depth++;
        else if (c == ')' || c == ']' || c == '}')
            depth--;
        else if (c == '\\' && ((k + 1 < n && out[k + 1] == '\n')
                               || (k + 2 < n && out[k + 1] == '\r' && out[k + 2] == '\n')))
            f[line + 1] = 1;
    }
    PyObject *code = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, n);
    PyMem_Free(out);
    if (code == NULL) {
        Py_DECREF(flags);
        return NULL;
    }
    return Py_BuildValue("(NN)", code, flags);
}

/* crc32 as zlib computes it (IEEE polynomial, reflected), table built once. */
static uint32_t crc_table[256];

static void
crc_init(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

/* The bytes of a bytes object; -1 (TypeError set) for anything else. */
static int
bytes_of(PyObject *arg, const unsigned char **p, Py_ssize_t *n)
{
    if (!PyBytes_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "expected bytes");
        return -1;
    }
    *p = (const unsigned char *)PyBytes_AS_STRING(arg);
    *n = PyBytes_GET_SIZE(arg);
    return 0;
}

static int
is_space(unsigned char c)  /* what bytes.strip() strips */
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\x0b' || c == '\x0c';
}

/* line_hashes(data) -> [crc32 of each line stripped, or -1 for a blank line], lines split at \n */
static PyObject *
line_hashes(PyObject *module, PyObject *arg)
{
    const unsigned char *p;
    Py_ssize_t n;
    if (bytes_of(arg, &p, &n) < 0)
        return NULL;
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    Py_ssize_t start = 0;
    for (;;) {
        Py_ssize_t end = start;
        while (end < n && p[end] != '\n')
            end++;
        Py_ssize_t a = start, b = end;
        while (a < b && is_space(p[a]))
            a++;
        while (b > a && is_space(p[b - 1]))
            b--;
        PyObject *value;
        if (a == b)
            value = PyLong_FromLong(-1);
        else {
            uint32_t c = 0xFFFFFFFFu;
            for (Py_ssize_t k = a; k < b; k++)
                c = crc_table[(c ^ p[k]) & 0xFF] ^ (c >> 8);
            value = PyLong_FromUnsignedLong(c ^ 0xFFFFFFFFu);
        }
        if (value == NULL || PyList_Append(out, value) < 0) {
            Py_XDECREF(value);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(value);
        if (end >= n)
            break;
        start = end + 1;
    }
    return out;
}

/* End (exclusive) of the string whose opening quote is at i in bytes, or -1 when none closes: the
 * rules of string_end (a backslash escapes any byte; a quote byte is never part of a longer UTF-8
 * character, so bytes and characters agree). */
static Py_ssize_t
bytes_string_end(const unsigned char *p, Py_ssize_t n, Py_ssize_t i)
{
    unsigned char q = p[i];
    Py_ssize_t j;
    if (i + 2 < n && p[i + 1] == q && p[i + 2] == q) {
        for (j = i + 3; j < n; j++) {
            if (p[j] == '\\') {
                if (++j >= n)
                    break;
            }
            else if (p[j] == q && j + 2 < n && p[j + 1] == q && p[j + 2] == q)
                return j + 3;
        }
    }
    for (j = i + 1; j < n; j++) {
        if (p[j] == '\\') {
            if (++j >= n)
                return -1;
        }
        else if (p[j] == '\n')
            return -1;
        else if (p[j] == q)
            return j + 1;
    }
    return -1;
}

/* Lines of p[start:end] (a string) whose first non-blank byte is '#': code, not comments. */
static Py_ssize_t
hash_lines(const unsigned char *p, Py_ssize_t start, Py_ssize_t end)
{
    Py_ssize_t count = 0;
    const unsigned char *nl;
    while ((nl = memchr(p + start, '\n', (size_t)(end - start))) != NULL) {
        Py_ssize_t j = (nl - p) + 1;
        while (j < end && (p[j] == ' ' || p[j] == '\t' || p[j] == '\x0c' || p[j] == '\r'))
            j++;
        if (j < end && p[j] == '#')
            count++;
        start = (nl - p) + 1;
    }
    return count;
}

/* line_counts(data) -> (physical lines, lines neither blank nor only a comment); a line inside a
 * string (a docstring's) is code even when it starts with '#' */
static PyObject *
line_counts(PyObject *module, PyObject *arg)
{
    const unsigned char *p;
    Py_ssize_t n, newlines = 0, code = 0, k = 0;
    int hash_line = 0;
    if (bytes_of(arg, &p, &n) < 0)
        return NULL;
    while (k < n) {  /* k is at the start of a line */
        Py_ssize_t j = k;
        while (j < n && (p[j] == ' ' || p[j] == '\t' || p[j] == '\x0c' || p[j] == '\r'))
            j++;
        if (j < n && p[j] != '\n') {
            if (p[j] != '#')
                code++;
            else
                hash_line = 1;
        }
        const unsigned char *nl = j < n ? memchr(p + j, '\n', (size_t)(n - j)) : NULL;
        if (nl == NULL)
            break;
        newlines++;
        k = (nl - p) + 1;
    }
    /* a '#' line may lie inside a string: find the strings as the fast reader's lexer does (only
     * a file with a '#' line needs it) */
    for (k = 0; hash_line && k < n; ) {
        unsigned char c = p[k];
        if (c == '#') {
            const unsigned char *nl = memchr(p + k, '\n', (size_t)(n - k));
            k = nl == NULL ? n : nl - p;
        }
        else if (c == '"' || c == '\'') {
            Py_ssize_t end = bytes_string_end(p, n, k);
            if (end < 0)
                k++;  /* a quote that opens no complete string: the regex reads it alone too */
            else {
                code += hash_lines(p, k, end);
                k = end;
            }
        }
        else
            k++;
    }
    Py_ssize_t lines = newlines + (n > 0 && p[n - 1] != '\n' ? 1 : 0);
    return Py_BuildValue("(nn)", lines, code);
}

/* Start of the line after the one that holds position pos (n + 1 when there is none). */
static Py_ssize_t
next_line(int kind, const void *data, Py_ssize_t n, Py_ssize_t pos)
{
    while (pos < n && PyUnicode_READ(kind, data, pos) != '\n')
        pos++;
    return pos + 1;
}

/* logical_lines(code, flags) -> [(first line, line after its last, indent)] of each logical line
 * that is not blank; lines split at \n, indents and blanks by str.lstrip's whitespace. */
static PyObject *
logical_lines(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyUnicode_Check(args[0]) || !PyByteArray_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "logical_lines() takes a str and a bytearray");
        return NULL;
    }
    int kind = PyUnicode_KIND(args[0]);
    const void *data = PyUnicode_DATA(args[0]);
    Py_ssize_t n = PyUnicode_GET_LENGTH(args[0]);
    const char *flags = PyByteArray_AS_STRING(args[1]);
    Py_ssize_t nflags = PyByteArray_GET_SIZE(args[1]);
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    Py_ssize_t i = 0, pos = 0;  /* line i starts at pos */
    while (pos <= n) {
        Py_ssize_t k = pos;
        Py_UCS4 c = 0;
        while (k < n && (c = PyUnicode_READ(kind, data, k)) != '\n' && Py_UNICODE_ISSPACE(c))
            k++;
        if (k >= n || c == '\n') {  /* blank */
            i++;
            pos = next_line(kind, data, n, k);
            continue;
        }
        Py_ssize_t j = i + 1;
        while (j < nflags && flags[j])
            j++;
        PyObject *item = Py_BuildValue("(nnn)", i, j, k - pos);
        if (item == NULL || PyList_Append(out, item) < 0) {
            Py_XDECREF(item);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(item);
        for (; i < j && pos <= n; i++)
            pos = next_line(kind, data, n, pos);
    }
    return out;
}

static PyMethodDef methods[] = {
    {"blank", blank, METH_O, "(code, continuation flags) of a file's text, or None."},
    {"line_hashes", line_hashes, METH_O, "crc32 of each stripped line, -1 for blank lines."},
    {"line_counts", line_counts, METH_O, "(physical lines, code lines) of a file's bytes."},
    {"logical_lines", (PyCFunction)(void (*)(void))logical_lines, METH_FASTCALL,
     "(first line, line after its last, indent) of each logical line that is not blank."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef lexmodule = {
    PyModuleDef_HEAD_INIT, "_lex", "The fast reader's first pass in C.", -1, methods,
};

PyMODINIT_FUNC
PyInit__lex(void)
{
    crc_init();
    return PyModule_Create(&lexmodule);
}
