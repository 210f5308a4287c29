/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.feeder.numpy;

import io.github.gatlingml.feeder.FeederException;
import io.github.gatlingml.internal.feeder.FeederFiles;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.Shape;
import io.github.gatlingml.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one array from NumPy's {@code .npy} format (versions 1.0, 2.0 and 3.0) into a {@link
 * Tensor}: little-endian, row-major bytes in the plugin's one internal layout.
 *
 * <p>Supported dtypes: {@code b1} (BOOL), {@code i1 i2 i4 i8} (INT8..INT64), {@code u1 u2 u4 u8}
 * (UINT8..UINT64), {@code f2 f4 f8} (FP16, FP32, FP64) in either byte order, and the fixed-width
 * strings {@code S<n>} (bytes, trailing NULs stripped) and {@code U<n>} (UTF-32, re-encoded as
 * UTF-8, trailing NULs stripped) as BYTES elements. Fortran-order arrays are reordered to
 * row-major; 0-d arrays become scalars. Object, complex, datetime, void and structured dtypes are
 * refused with a message that says how to convert the array. Every problem is a {@link
 * FeederException} naming the file.
 */
public final class NpyReader {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  /** NumPy itself refuses headers above 10000 bytes unless told otherwise; allow far more. */
  private static final int MAX_HEADER = 1 << 20;

  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private NpyReader() {}

  /**
   * Reads the array in {@code file}.
   *
   * @param file an {@code .npy} file
   * @param tensorName the name the tensor gets (usually the model input it feeds)
   * @return the array as a tensor
   * @throws FeederException when the file cannot be read, is not a valid NPY file or holds a dtype
   *     KServe cannot carry; the message names the file
   */
  public static Tensor read(Path file, String tensorName) {
    Objects.requireNonNull(file, "file");
    String source = file.toString();
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, source, tensorName);
    } catch (NoSuchFileException e) {
      throw FeederFiles.notFound(file);
    } catch (IOException e) {
      throw new FeederException(source + ": cannot read the file: " + e, e);
    }
  }

  /**
   * Reads one array from a stream holding exactly one NPY file, to its end. The stream is not
   * closed.
   *
   * @param in the NPY bytes
   * @param source where the bytes come from, for error messages (a file name)
   * @param tensorName the name the tensor gets
   * @return the array as a tensor
   * @throws FeederException when the bytes are not a valid NPY file, hold a dtype KServe cannot
   *     carry, or the stream fails; the message names {@code source}
   */
  public static Tensor read(InputStream in, String source, String tensorName) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(tensorName, "tensorName");
    try {
      return parse(in, source, tensorName);
    } catch (IOException e) {
      throw new FeederException(source + ": cannot read the NPY data: " + e, e);
    }
  }

  // ------------------------------------------------------------------ header

  private static Tensor parse(InputStream in, String source, String tensorName) throws IOException {
    byte[] magic = in.readNBytes(MAGIC.length);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new FeederException(
          String.format(
              "%s: not an NPY file: it starts with %s instead of the magic \\x93NUMPY; "
                  + "write arrays with numpy.save (a .npz archive is read with NpzReader)",
              source, printable(magic)));
    }
    int major = in.read();
    int minor = in.read();
    if (major < 0 || minor < 0) {
      throw new FeederException(source + ": NPY file truncated inside its format version");
    }
    if ((major != 1 && major != 2 && major != 3) || minor != 0) {
      throw new FeederException(
          String.format(
              "%s: unsupported NPY format version %d.%d; this reader knows 1.0, 2.0 and 3.0 — "
                  + "save the array again with numpy.save",
              source, major, minor));
    }
    int lengthBytes = major == 1 ? 2 : 4;
    byte[] len = in.readNBytes(lengthBytes);
    if (len.length < lengthBytes) {
      throw new FeederException(source + ": NPY file truncated inside its header length");
    }
    long headerLength = 0;
    for (int i = lengthBytes - 1; i >= 0; i--) {
      headerLength = (headerLength << 8) | (len[i] & 0xff);
    }
    if (headerLength > MAX_HEADER) {
      throw new FeederException(
          String.format(
              "%s: NPY header length %d is implausibly large (more than %d bytes); the file is corrupt",
              source, headerLength, MAX_HEADER));
    }
    byte[] headerBytes = in.readNBytes((int) headerLength);
    if (headerBytes.length < headerLength) {
      throw new FeederException(
          String.format(
              "%s: NPY file truncated inside its header: expected %d header bytes, found %d",
              source, headerLength, headerBytes.length));
    }
    // Versions 1.0 and 2.0 store the header in latin-1, 3.0 in UTF-8.
    String header =
        new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Map<String, Object> dict = PyLiteral.parseDict(header, source);
    Set<String> keys = new TreeSet<>(dict.keySet());
    if (!keys.equals(Set.of("descr", "fortran_order", "shape"))) {
      Set<String> missing = new TreeSet<>(Set.of("descr", "fortran_order", "shape"));
      missing.removeAll(keys);
      Set<String> extra = new TreeSet<>(keys);
      extra.removeAll(Set.of("descr", "fortran_order", "shape"));
      throw new FeederException(
          String.format(
              "%s: NPY header must have exactly the keys 'descr', 'fortran_order' and 'shape'%s%s; "
                  + "header: %s — the file is corrupt or not written by numpy.save",
              source,
              missing.isEmpty() ? "" : ", missing " + quoted(missing),
              extra.isEmpty() ? "" : ", unexpected " + quoted(extra),
              header.strip()));
    }
    Dtype dtype = Dtype.parse(dict.get("descr"), source);
    Object fortran = dict.get("fortran_order");
    if (!(fortran instanceof Boolean)) {
      throw new FeederException(
          source + ": NPY header 'fortran_order' must be True or False, not " + fortran);
    }
    long[] dims = shape(dict.get("shape"), source);
    return readData(in, source, tensorName, dtype, (Boolean) fortran, dims);
  }

  private static long[] shape(Object value, String source) {
    if (!(value instanceof PyLiteral.Tuple)) {
      throw new FeederException(
          source + ": NPY header 'shape' must be a tuple of integers such as (2, 3), not " + value);
    }
    List<Object> items = ((PyLiteral.Tuple) value).items();
    long[] dims = new long[items.size()];
    for (int i = 0; i < dims.length; i++) {
      Object item = items.get(i);
      if (!(item instanceof BigInteger)
          || ((BigInteger) item).signum() < 0
          || ((BigInteger) item).bitLength() > 62) {
        throw new FeederException(
            String.format(
                "%s: NPY header 'shape' dimension %d is %s; dimensions must be non-negative integers",
                source, i, item));
      }
      dims[i] = ((BigInteger) item).longValue();
    }
    return dims;
  }

  // ------------------------------------------------------------------ data

  private static Tensor readData(
      InputStream in, String source, String tensorName, Dtype dtype, boolean fortran, long[] dims)
      throws IOException {
    long count = 1;
    for (long d : dims) {
      count = multiply(count, d, source, dims);
    }
    long size = multiply(count, dtype.itemSize, source, dims);
    if (size > MAX_ARRAY) {
      throw new FeederException(
          String.format(
              "%s: the array (shape %s, %s) holds %d bytes, more than a Java array's 2 GiB; "
                  + "split it into several files",
              source, pyShape(dims), dtype.descr, size));
    }
    byte[] data = in.readNBytes((int) size);
    if (data.length < size) {
      throw new FeederException(
          String.format(
              "%s: NPY data is truncated: shape %s of %s needs %d bytes after the header, found %d",
              source, pyShape(dims), dtype.descr, size, data.length));
    }
    long trailing = in.transferTo(OutputStream.nullOutputStream());
    if (trailing > 0) {
      throw new FeederException(
          String.format(
              "%s: %d unexpected bytes after the array's %d data bytes (shape %s of %s); "
                  + "an NPY file holds exactly one array — the file is corrupt, "
                  + "or several arrays were written to it (use numpy.savez for several)",
              source, trailing, size, pyShape(dims), dtype.descr));
    }
    if (dtype.bigEndian && dtype.unitSize > 1) {
      swapBytes(data, dtype.unitSize);
    }
    if (fortran && dims.length > 1 && count > 1) {
      data = fortranToRowMajor(data, dims, dtype.itemSize);
    }
    Shape shape = Shape.of(dims);
    switch (dtype.kind) {
      case 'S':
        return Tensor.of(
            tensorName,
            DataType.BYTES,
            shape,
            fixedBytesToElements(data, count, dtype.itemSize, source));
      case 'U':
        return Tensor.of(
            tensorName,
            DataType.BYTES,
            shape,
            utf32ToElements(data, count, dtype.itemSize, source));
      default:
        return Tensor.of(tensorName, dtype.type, shape, data);
    }
  }

  private static long multiply(long a, long b, String source, long[] dims) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      throw new FeederException(
          source
              + ": NPY shape "
              + pyShape(dims)
              + " has more elements than fit in 64 bits; the header is corrupt");
    }
  }

  /** Reverses every {@code unit}-byte group in place: big-endian to little-endian. */
  private static void swapBytes(byte[] data, int unit) {
    switch (unit) {
      case 2 -> {
        for (int i = 0; i + 1 < data.length; i += 2) {
          byte t = data[i];
          data[i] = data[i + 1];
          data[i + 1] = t;
        }
      }
      case 4 -> {
        for (int i = 0; i + 3 < data.length; i += 4) {
          byte t0 = data[i];
          byte t1 = data[i + 1];
          data[i] = data[i + 3];
          data[i + 1] = data[i + 2];
          data[i + 2] = t1;
          data[i + 3] = t0;
        }
      }
      default -> {
        for (int i = 0; i + unit - 1 < data.length; i += unit) {
          for (int lo = i, hi = i + unit - 1; lo < hi; lo++, hi--) {
            byte t = data[lo];
            data[lo] = data[hi];
            data[hi] = t;
          }
        }
      }
    }
  }

  /**
   * Reorders column-major (Fortran) elements of {@code itemSize} bytes to row-major. Walks the
   * row-major indices with an odometer and keeps the column-major offset up to date incrementally.
   */
  private static byte[] fortranToRowMajor(byte[] src, long[] dims, int itemSize) {
    int rank = dims.length;
    long[] stride = new long[rank]; // column-major stride of each axis, in elements
    long s = 1;
    for (int k = 0; k < rank; k++) {
      stride[k] = s;
      s *= dims[k];
    }
    byte[] out = new byte[src.length];
    long[] index = new long[rank];
    long from = 0;
    int elements = src.length / itemSize;
    for (int to = 0; to < elements; to++) {
      System.arraycopy(src, (int) (from * itemSize), out, to * itemSize, itemSize);
      // Advance the row-major index: the last axis moves fastest.
      for (int k = rank - 1; k >= 0; k--) {
        if (++index[k] < dims[k]) {
          from += stride[k];
          break;
        }
        from -= stride[k] * (dims[k] - 1);
        index[k] = 0;
      }
    }
    return out;
  }

  /**
   * Fixed-width byte strings to BYTES elements (4-byte LE length + bytes), trailing NULs dropped.
   */
  private static byte[] fixedBytesToElements(byte[] data, long count, int width, String source) {
    byte[] out = new byte[checkedSize(count, data.length, source)];
    int o = 0;
    for (int e = 0; e < count; e++) {
      int start = e * width;
      int end = start + width;
      while (end > start && data[end - 1] == 0) {
        end--;
      }
      int n = end - start;
      o = putLengthLe(out, o, n);
      System.arraycopy(data, start, out, o, n);
      o += n;
    }
    return o == out.length ? out : Arrays.copyOf(out, o);
  }

  /**
   * Fixed-width UTF-32 strings (already little-endian) to BYTES elements holding UTF-8, trailing
   * NUL code points dropped. Encodes straight into the output: no String per element.
   */
  private static byte[] utf32ToElements(byte[] data, long count, int width, String source) {
    // A code point is 4 bytes in UTF-32 and at most 4 in UTF-8: the input size bounds the output.
    byte[] out = new byte[checkedSize(count, data.length, source)];
    int o = 0;
    for (int e = 0; e < count; e++) {
      int start = e * width;
      int end = start + width;
      while (end > start && intLe(data, end - 4) == 0) {
        end -= 4;
      }
      int lengthAt = o;
      o += 4;
      for (int p = start; p < end; p += 4) {
        int cp = intLe(data, p);
        if (cp < 0x80) {
          out[o++] = (byte) cp;
        } else if (cp < 0x800) {
          out[o++] = (byte) (0xC0 | (cp >>> 6));
          out[o++] = (byte) (0x80 | (cp & 0x3F));
        } else if (cp < 0x10000 && (cp < 0xD800 || cp > 0xDFFF)) {
          out[o++] = (byte) (0xE0 | (cp >>> 12));
          out[o++] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
          out[o++] = (byte) (0x80 | (cp & 0x3F));
        } else if (cp >= 0x10000 && cp <= 0x10FFFF) {
          out[o++] = (byte) (0xF0 | (cp >>> 18));
          out[o++] = (byte) (0x80 | ((cp >>> 12) & 0x3F));
          out[o++] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
          out[o++] = (byte) (0x80 | (cp & 0x3F));
        } else {
          throw new FeederException(
              String.format(
                  "%s: string element %d (C order) holds 0x%X, not a Unicode scalar value, so it has "
                      + "no UTF-8 form; clean the strings before saving",
                  source, e, cp & 0xFFFFFFFFL));
        }
      }
      putLengthLe(out, lengthAt, o - lengthAt - 4);
    }
    return o == out.length ? out : Arrays.copyOf(out, o);
  }

  private static int checkedSize(long count, int dataLength, String source) {
    // count may be huge for zero-width strings (S0, U0): bound it before multiplying.
    long size = count > MAX_ARRAY / 4 ? Long.MAX_VALUE : count * 4 + dataLength;
    if (size > MAX_ARRAY) {
      throw new FeederException(
          source
              + ": string array of "
              + count
              + " elements is too large for one tensor (over 2 GiB as BYTES)");
    }
    return (int) size;
  }

  private static int intLe(byte[] b, int i) {
    return (b[i] & 0xff)
        | (b[i + 1] & 0xff) << 8
        | (b[i + 2] & 0xff) << 16
        | (b[i + 3] & 0xff) << 24;
  }

  private static int putLengthLe(byte[] b, int i, int v) {
    b[i] = (byte) v;
    b[i + 1] = (byte) (v >>> 8);
    b[i + 2] = (byte) (v >>> 16);
    b[i + 3] = (byte) (v >>> 24);
    return i + 4;
  }

  // ------------------------------------------------------------------ messages

  private static String pyShape(long[] dims) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < dims.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(dims[i]);
    }
    return sb.append(dims.length == 1 ? ",)" : ")").toString();
  }

  private static String quoted(Set<String> keys) {
    return keys.stream().map(k -> "'" + k + "'").reduce((a, b) -> a + ", " + b).orElse("");
  }

  private static String printable(byte[] bytes) {
    if (bytes.length == 0) {
      return "nothing (the file is empty)";
    }
    StringBuilder sb = new StringBuilder("\"");
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        sb.append((char) c);
      } else {
        sb.append(String.format("\\x%02x", c));
      }
    }
    return sb.append('"').toString();
  }

  // ------------------------------------------------------------------ dtype

  /** A parsed {@code descr}: what the bytes are and how to turn them into a tensor. */
  private static final class Dtype {
    final String descr;
    final char kind; // 'b', 'i', 'u', 'f', 'S' or 'U'
    final DataType type;
    final int itemSize; // bytes per element in the file
    final int unitSize; // bytes swapped together for big-endian data (4 for UTF-32 strings)
    final boolean bigEndian;

    private Dtype(
        String descr, char kind, DataType type, int itemSize, int unitSize, boolean bigEndian) {
      this.descr = descr;
      this.kind = kind;
      this.type = type;
      this.itemSize = itemSize;
      this.unitSize = unitSize;
      this.bigEndian = bigEndian;
    }

    static Dtype parse(Object value, String source) {
      if (value instanceof List || value instanceof PyLiteral.Tuple) {
        throw new FeederException(
            String.format(
                "%s: structured dtype %s is not supported; KServe tensors have one element type — "
                    + "save each field as its own array, e.g. np.savez(f, a=arr['a'], b=arr['b'])",
                source, value));
      }
      if (!(value instanceof String)) {
        throw new FeederException(
            source + ": NPY header 'descr' must be a dtype string such as '<f4', not " + value);
      }
      String descr = (String) value;
      String rest = descr;
      boolean big = false;
      if (!rest.isEmpty() && "<>|=".indexOf(rest.charAt(0)) >= 0) {
        big = rest.charAt(0) == '>'; // '=' is native: little-endian on every supported machine
        rest = rest.substring(1);
      }
      if (rest.isEmpty()) {
        throw unknown(source, descr);
      }
      char kind = rest.charAt(0);
      String digits = rest.substring(1);
      int size;
      if (kind == 'O') {
        throw new FeederException(
            String.format(
                "%s: dtype 'object' (%s) is not supported: object arrays hold pickled Python objects, "
                    + "which are never unpickled here — convert with arr.astype(np.float32) for numbers "
                    + "or arr.astype(np.str_) for strings, then save again",
                source, descr));
      }
      if (kind == 'M' || kind == 'm') {
        throw new FeederException(
            String.format(
                "%s: dtype '%s' (%s) is not supported; KServe has no date/time tensors — convert with "
                    + "arr.astype(np.int64) (ticks since the epoch) or arr.astype(np.str_)",
                source, kind == 'M' ? "datetime64" : "timedelta64", descr));
      }
      try {
        size = digits.isEmpty() ? -1 : Integer.parseInt(digits);
      } catch (NumberFormatException e) {
        throw unknown(source, descr);
      }
      switch (kind) {
        case 'b':
          if (size == 1) {
            return new Dtype(descr, kind, DataType.BOOL, 1, 1, false);
          }
          break;
        case 'i':
        case 'u':
          DataType t = intType(kind == 'u', size);
          if (t != null) {
            return new Dtype(descr, kind, t, size, size, big);
          }
          break;
        case 'f':
          if (size == 2 || size == 4 || size == 8) {
            DataType f = size == 2 ? DataType.FP16 : size == 4 ? DataType.FP32 : DataType.FP64;
            return new Dtype(descr, kind, f, size, size, big);
          }
          if (size == 12 || size == 16) {
            throw new FeederException(
                String.format(
                    "%s: dtype 'longdouble' (%s) is not supported; KServe's widest float is FP64 — "
                        + "convert with arr.astype(np.float64)",
                    source, descr));
          }
          break;
        case 'c':
          if (size > 0) {
            throw new FeederException(
                String.format(
                    "%s: dtype 'complex%d' (%s) is not supported; KServe has no complex tensors — "
                        + "convert with arr.real.astype(%s), or save real and imaginary parts as two arrays",
                    source, size * 8, descr, size <= 8 ? "np.float32" : "np.float64"));
          }
          break;
        case 'S':
        case 'a':
          if (size >= 0 && !digits.isEmpty()) {
            return new Dtype(descr, 'S', DataType.BYTES, size, 1, false);
          }
          break;
        case 'U':
          if (size >= 0 && !digits.isEmpty() && size <= MAX_ARRAY / 4) {
            return new Dtype(descr, 'U', DataType.BYTES, size * 4, 4, big);
          }
          break;
        case 'V':
          throw new FeederException(
              String.format(
                  "%s: dtype 'void' (%s) is not supported: raw bytes of no known type — "
                      + "convert it to a numeric dtype, or to bytes with arr.view(np.uint8)",
                  source, descr));
        default:
          break;
      }
      throw unknown(source, descr);
    }

    private static DataType intType(boolean unsigned, int size) {
      return switch (size) {
        case 1 -> unsigned ? DataType.UINT8 : DataType.INT8;
        case 2 -> unsigned ? DataType.UINT16 : DataType.INT16;
        case 4 -> unsigned ? DataType.UINT32 : DataType.INT32;
        case 8 -> unsigned ? DataType.UINT64 : DataType.INT64;
        default -> null;
      };
    }

    private static FeederException unknown(String source, String descr) {
      return new FeederException(
          String.format(
              "%s: dtype '%s' is not supported; supported are b1, i1 i2 i4 i8, u1 u2 u4 u8, f2 f4 f8 "
                  + "(either byte order), S<n> and U<n> — convert with arr.astype(...) and save again",
              source, descr));
    }
  }
}
