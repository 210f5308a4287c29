/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.feeder.numpy;

import io.github.gatlingml.feeder.FeederException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for the small subset of Python literals an NPY header uses: a dict of string keys whose
 * values are strings, booleans, integers, tuples and lists (structured dtypes), and None.
 *
 * <p>Values become {@link String}, {@link Boolean}, {@link BigInteger}, {@link Tuple}, {@link List}
 * (a Python list), {@link Map} (a dict, in order) or {@code null} (None). Python 2 era files wrote
 * integers as {@code 3L} and strings as {@code u'...'}: both are accepted, as NumPy does.
 */
final class PyLiteral {
  /** A Python tuple, kept apart from a list because the header's shape is a tuple. */
  record Tuple(List<Object> items) {}

  private final String text;
  private final String source;
  private int pos;

  private PyLiteral(String text, String source) {
    this.text = text;
    this.source = source;
  }

  /** Parses {@code text}, which must hold exactly one dict literal (and trailing whitespace). */
  static Map<String, Object> parseDict(String text, String source) {
    PyLiteral p = new PyLiteral(text, source);
    p.skipSpace();
    if (p.pos >= text.length() || text.charAt(p.pos) != '{') {
      throw p.error("the header is not a Python dict literal (it should start with '{')");
    }
    Map<String, Object> dict = p.dict();
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("unexpected text after the header dict");
    }
    return dict;
  }

  private Object value() {
    skipSpace();
    if (pos >= text.length()) {
      throw error("the header ends in the middle of a value");
    }
    char c = text.charAt(pos);
    if (c == '{') {
      return dict();
    }
    if (c == '(') {
      pos++;
      return new Tuple(sequence(')'));
    }
    if (c == '[') {
      pos++;
      return sequence(']');
    }
    if (c == '\'' || c == '"') {
      return string();
    }
    if ((c == 'u' || c == 'b')
        && pos + 1 < text.length()
        && (text.charAt(pos + 1) == '\'' || text.charAt(pos + 1) == '"')) {
      pos++;
      return string();
    }
    if (c == '-' || c == '+' || Character.isDigit(c)) {
      return integer();
    }
    if (text.startsWith("True", pos)) {
      pos += 4;
      return Boolean.TRUE;
    }
    if (text.startsWith("False", pos)) {
      pos += 5;
      return Boolean.FALSE;
    }
    if (text.startsWith("None", pos)) {
      pos += 4;
      return null;
    }
    throw error("unexpected character '" + c + "'");
  }

  private Map<String, Object> dict() {
    pos++; // '{'
    Map<String, Object> out = new LinkedHashMap<>();
    while (true) {
      skipSpace();
      if (peek() == '}') {
        pos++;
        return out;
      }
      Object key = value();
      if (!(key instanceof String)) {
        throw error("a header dict key is not a string: " + key);
      }
      skipSpace();
      expect(':');
      Object v = value();
      if (out.containsKey(key)) {
        throw error("the header dict has the key '" + key + "' twice");
      }
      out.put((String) key, v);
      skipSpace();
      if (peek() == ',') {
        pos++;
      } else if (peek() != '}') {
        throw error("expected ',' or '}' in the header dict");
      }
    }
  }

  private List<Object> sequence(char close) {
    List<Object> out = new ArrayList<>();
    while (true) {
      skipSpace();
      if (peek() == close) {
        pos++;
        return out;
      }
      out.add(value());
      skipSpace();
      if (peek() == ',') {
        pos++;
      } else if (peek() != close) {
        throw error("expected ',' or '" + close + "'");
      }
    }
  }

  private String string() {
    char quote = text.charAt(pos++);
    StringBuilder sb = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == quote) {
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= text.length()) {
        break;
      }
      char e = text.charAt(pos++);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case '0' -> sb.append('\0');
        case 'x' -> sb.append((char) hex(2));
        case 'u' -> sb.append((char) hex(4));
        case 'U' -> sb.appendCodePoint(hex(8));
        default -> sb.append(e); // \\ \' \" and anything else: the character itself
      }
    }
    throw error("a string in the header is not closed");
  }

  private int hex(int digits) {
    if (pos + digits > text.length()) {
      throw error("a string escape in the header is cut short");
    }
    try {
      int v = Integer.parseUnsignedInt(text.substring(pos, pos + digits), 16);
      pos += digits;
      return v;
    } catch (NumberFormatException e) {
      throw error("a string escape in the header is not hexadecimal");
    }
  }

  private BigInteger integer() {
    int start = pos;
    if (text.charAt(pos) == '-' || text.charAt(pos) == '+') {
      pos++;
    }
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
      pos++;
    }
    if (pos == start + 1 && !Character.isDigit(text.charAt(start))) {
      throw error("a sign without digits");
    }
    BigInteger v = new BigInteger(text.substring(start, pos));
    if (pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l')) {
      pos++; // Python 2 long literal
    }
    return v;
  }

  private char peek() {
    if (pos >= text.length()) {
      throw error("the header ends before its dict is closed");
    }
    return text.charAt(pos);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private FeederException error(String problem) {
    String shown = text.strip();
    if (shown.length() > 200) {
      shown = shown.substring(0, 200) + "...";
    }
    return new FeederException(
        String.format(
            "%s: corrupt NPY header: %s at character %d of %s; "
                + "the file is damaged or not written by numpy.save, save the array again",
            source, problem, pos, shown));
  }
}
