/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Small HTTP helpers for the REST tests: java.net.http for normal calls, a raw socket for the rest.
 */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private Http() {}

  static HttpResponse<byte[]> get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  static HttpResponse<byte[]> post(String url, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  static HttpResponse<byte[]> postBinary(String url, byte[] body, int inferenceHeaderLength) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/octet-stream")
            .header("Inference-Header-Content-Length", Integer.toString(inferenceHeaderLength))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  static HttpResponse<byte[]> send(HttpRequest.Builder b) {
    try {
      return CLIENT.send(
          b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<byte[]> r) {
    return json(r.body());
  }

  static JsonNode json(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
    }
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  /** The {"error": ...} message of an error response. */
  static String error(HttpResponse<byte[]> r) {
    JsonNode n = json(r);
    if (!n.has("error") || !n.get("error").isTextual()) {
      throw new AssertionError("no \"error\" string in " + text(r));
    }
    return n.get("error").asText();
  }

  static byte[] floatsLe(float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  static float[] floatsFromLe(byte[] bytes, int offset, int count) {
    ByteBuffer b = ByteBuffer.wrap(bytes, offset, count * 4).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[count];
    for (int i = 0; i < count; i++) {
      out[i] = b.getFloat();
    }
    return out;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** A parsed HTTP/1.1 response read off a raw socket. */
  record RawResponse(int status, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String error() {
      JsonNode n = json(body);
      if (!n.has("error")) {
        throw new AssertionError("no \"error\" in " + text());
      }
      return n.get("error").asText();
    }
  }

  /** One HTTP/1.1 connection driven by hand: for malformed requests and connection reuse. */
  static final class RawConnection implements AutoCloseable {
    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawConnection(int port) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(5000);
      in = socket.getInputStream();
      out = socket.getOutputStream();
    }

    void write(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }

    void write(String s) throws IOException {
      write(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends a request with Content-Length and extra headers ("Name: value" lines). */
    RawResponse exchange(String method, String path, byte[] body, String... headers)
        throws IOException {
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
      head.append("Host: 127.0.0.1\r\n");
      for (String h : headers) {
        head.append(h).append("\r\n");
      }
      head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
      write(concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), body));
      return read();
    }

    RawResponse exchange(String method, String path, String json, String... headers)
        throws IOException {
      return exchange(method, path, json.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** Reads one response (status line, headers, Content-Length body). */
    RawResponse read() throws IOException {
      String status = line();
      if (status == null) {
        throw new IOException("connection closed before a response");
      }
      String[] parts = status.split(" ", 3);
      int code = Integer.parseInt(parts[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      String l;
      while ((l = line()) != null && !l.isEmpty()) {
        int colon = l.indexOf(':');
        headers.put(
            l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      byte[] body = in.readNBytes(length);
      if (body.length != length) {
        throw new IOException("body truncated: " + body.length + " of " + length);
      }
      return new RawResponse(code, headers, body);
    }

    /** True when the server has closed the connection (EOF within the socket timeout). */
    boolean closedByServer() throws IOException {
      try {
        return in.read() == -1;
      } catch (java.net.SocketException e) {
        return true; // reset counts as closed
      }
    }

    private String line() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) != -1) {
        if (c == '\n') {
          String s = b.toString(StandardCharsets.ISO_8859_1);
          return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }
        b.write(c);
      }
      return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
