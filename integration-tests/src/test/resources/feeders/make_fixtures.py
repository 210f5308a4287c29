"""Writes the NumPy fixtures of the feeder integration tests (run with /usr/bin/python3, NumPy 1.24).

add_sub_rows.npz: INPUT0 and INPUT1, FP32 [8, 16], compressed; row r of INPUT0 is r*16 .. r*16+15,
row r of INPUT1 is r repeated, so the server's sums can be checked by hand.
"""
import numpy as np

rows = 8
input0 = np.arange(rows * 16, dtype=np.float32).reshape(rows, 16)
input1 = np.repeat(np.arange(rows, dtype=np.float32), 16).reshape(rows, 16)
np.savez_compressed("add_sub_rows.npz", INPUT0=input0, INPUT1=input1)
