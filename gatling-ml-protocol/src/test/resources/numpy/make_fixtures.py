#!/usr/bin/python3
"""Writes the NumPy fixtures for the NpyReader/NpzReader tests, and expected.json with the ground
truth NumPy itself reports for each: descr, dtype, shape, fortran_order and the values as a flat
C-order list. Run with a Python that has NumPy (developed against NumPy 1.24):

    /usr/bin/python3 make_fixtures.py

The generated files are committed so that the test suite needs no Python. Non-finite floats are
written as the strings "nan", "inf" and "-inf" so that expected.json stays strict JSON.
"""
import json
import math
import os

import numpy as np
from numpy.lib import format as npformat

HERE = os.path.dirname(os.path.abspath(__file__))
expected = {}


def flat_values(arr):
    out = []
    for x in arr.ravel(order="C").tolist():
        if isinstance(x, bytes):
            out.append(x.decode("ascii"))
        elif isinstance(x, float) and not math.isfinite(x):
            out.append("nan" if math.isnan(x) else ("inf" if x > 0 else "-inf"))
        else:
            # bool, int and str as they are; float(x) of a float16/float32 is its exact value
            out.append(x)
    return out


def describe(arr, version=None):
    return {
        "descr": npformat.dtype_to_descr(arr.dtype),
        "dtype": str(arr.dtype),
        "shape": list(arr.shape),
        "fortran_order": bool(arr.ndim > 1 and not arr.flags.c_contiguous and arr.flags.f_contiguous),
        "version": list(version) if version else None,
        "values": flat_values(arr),
    }


def save(name, arr, version=None):
    path = os.path.join(HERE, name)
    with open(path, "wb") as f:
        npformat.write_array(f, arr, version=version, allow_pickle=False)
    # Read it back with NumPy: the file must be what NumPy itself understands.
    back = np.load(path, allow_pickle=False)
    assert back.dtype == arr.dtype and back.shape == arr.shape
    assert np.array_equal(back, arr, equal_nan=arr.dtype.kind == "f")
    expected[name] = describe(arr, version)


# ---- numeric dtypes, each in little- and big-endian (one-byte types have no byte order)
ints = {
    "i1": [-128, -1, 0, 1, 42, 127],
    "u1": [0, 1, 42, 128, 200, 255],
    "i2": [-32768, -1, 0, 1, 300, 32767],
    "u2": [0, 1, 300, 32768, 40000, 65535],
    "i4": [-2147483648, -1, 0, 1, 70000, 2147483647],
    "u4": [0, 1, 70000, 2147483648, 3000000000, 4294967295],
    "i8": [-9223372036854775808, -1, 0, 1, 5000000000, 9223372036854775807],
    "u8": [0, 1, 5000000000, 9223372036854775808, 12345678901234567890, 18446744073709551615],
}
for code, values in ints.items():
    orders = ["|"] if code[1] == "1" else ["<", ">"]
    for order in orders:
        arr = np.array(values, dtype=np.dtype(order + code if order != "|" else code)).reshape(2, 3)
        save("%s_%s.npy" % (code, {"|": "na", "<": "le", ">": "be"}[order]), arr)

floats = [0.0, -0.0, 1.0, -2.5, 0.1, 65504.0, 6.1e-05, 1e-07, float("inf"), float("-inf"), float("nan"), 3.14159]
for code in ["f2", "f4", "f8"]:
    for order in ["<", ">"]:
        with np.errstate(over="ignore", under="ignore"):
            arr = np.array(floats, dtype=np.dtype(order + code)).reshape(3, 4)
        save("%s_%s.npy" % (code, {"<": "le", ">": "be"}[order]), arr)
save("f8_extremes.npy", np.array([np.finfo(np.float64).max, np.finfo(np.float64).tiny, 5e-324, -1e300]))
save("f4_extremes.npy", np.array([np.finfo(np.float32).max, np.finfo(np.float32).tiny, 1e-45, -1e30], dtype=np.float32))

save("bool.npy", np.array([[True, False, True], [False, False, True]]))

# ---- strings: fixed-width bytes (trailing NULs are padding) and UTF-32 unicode
save("bytes_S.npy", np.array([[b"ab", b"hello", b""], [b"a\x00b", b"x", b"12345"]], dtype="S5"))
unicode = [["a", "héllo", ""], ["日本語", "😀!", "zz"]]
save("unicode_le.npy", np.array(unicode, dtype="<U5"))
save("unicode_be.npy", np.array(unicode, dtype=">U5"))

# ---- Fortran order: the file holds column-major data and says fortran_order True
c2 = np.arange(12, dtype=np.float32).reshape(3, 4) * 1.5
save("c_order_2d.npy", c2)
save("fortran_2d.npy", np.asfortranarray(c2))
c3 = np.arange(24, dtype=np.int16).reshape(2, 3, 4) - 7
save("c_order_3d.npy", c3)
save("fortran_3d.npy", np.asfortranarray(c3))
save("fortran_3d_be.npy", np.asfortranarray(c3.astype(">i4")))
save("fortran_unicode.npy", np.asfortranarray(np.array(unicode, dtype="<U5")))

# ---- 0-d, 1-d and empty arrays
save("scalar_f8.npy", np.array(3.5))
save("scalar_unicode.npy", np.array("héllo"))
save("vector_i4.npy", np.array([5, 6, 7], dtype=np.int32))
save("empty_0x3.npy", np.zeros((0, 3), dtype=np.float32))
save("empty_bytes.npy", np.zeros((2, 0), dtype="S3"))

# ---- format versions 2.0 (4-byte header length) and 3.0 (UTF-8 header)
save("v2_f4.npy", np.array([[1.0, 2.0], [3.0, 4.5]], dtype=np.float32), version=(2, 0))
save("v3_i8.npy", np.array([1, -2, 3], dtype=np.int64), version=(3, 0))

# ---- .npz archives, stored and deflate-compressed: a small batch of 4 rows
batch = {
    "x": (np.arange(12, dtype=np.float32).reshape(4, 3) / 4),
    "ids": np.array([10, 11, 12, 13], dtype=np.int64),
    "text": np.array(["a", "bb", "", "dddd"], dtype="<U4"),
}
for name, writer in [("stored.npz", np.savez), ("compressed.npz", np.savez_compressed)]:
    path = os.path.join(HERE, name)
    writer(path, **batch)
    expected[name] = {k: describe(v) for k, v in batch.items()}

with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
    # One fixture per line: small, and diffs show which fixture changed.
    lines = ["  %s: %s" % (json.dumps(k), json.dumps(v, ensure_ascii=False, allow_nan=False))
             for k, v in expected.items()]
    f.write("{\n" + ",\n".join(lines) + "\n}\n")
print("wrote %d fixtures with NumPy %s" % (len(expected), np.__version__))
