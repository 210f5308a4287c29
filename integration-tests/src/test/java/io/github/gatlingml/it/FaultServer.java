/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw-socket HTTP/1.1 server that misbehaves in one way ({@link Mode}) for every request it gets.
 * It reads each request whole (head and Content-Length body) and counts it, so a test can compare
 * the server's count with the client's. A request whose path is a KServe {@code /infer} gets a JSON
 * answer; any other (the generation APIs) a chunked {@code text/event-stream}.
 */
final class FaultServer implements AutoCloseable {
  enum Mode {
    /** Head with Content-Length 1000, 100 bytes of the body, then a reset (SO_LINGER 0). */
    RESET_MID_BODY,
    /** An event-stream head and two events, then a reset. */
    RESET_MID_STREAM,
    /** Reads the request and never answers. */
    STALL_BEFORE_HEADERS,
    /** An event-stream head and one event, then silence. */
    STALL_MID_STREAM,
    /** A normal head, then the body one byte per second. */
    TRICKLE,
    /** Bytes that are not HTTP at all, then silence. */
    GARBAGE,
    /** A chunked body that never ends, written as fast as the client reads. */
    ENDLESS_BODY,
    /** Content-Length 100 MB, then the body as fast as the client reads. */
    OVERSIZED
  }

  private final ServerSocket socket;
  private final Mode mode;
  private final AtomicInteger requests = new AtomicInteger();

  FaultServer(Mode mode) throws IOException {
    this.mode = mode;
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "fault-" + mode);
    t.setDaemon(true);
    t.start();
  }

  String url() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  /** Requests received (heads read) so far. */
  int requests() {
    return requests.get();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        Thread t = new Thread(() -> serve(s), "fault-" + mode + "-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      // Nothing here may outlive the test by much, whatever the client does.
      s.setSoTimeout(60_000);
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (true) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        requests.incrementAndGet();
        in.skipNBytes(contentLength(head));
        boolean infer = head.substring(0, head.indexOf("\r\n")).contains("/infer");
        if (!misbehave(s, in, out, infer)) {
          return;
        }
      }
    } catch (IOException | InterruptedException e) {
      // the client went away: what every mode ends with
    }
  }

  /** Answers one request; returns true if the connection may serve another one. */
  private boolean misbehave(Socket s, InputStream in, OutputStream out, boolean infer)
      throws IOException, InterruptedException {
    switch (mode) {
      case RESET_MID_BODY:
        write(
            out,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n");
        byte[] part = new byte[100];
        Arrays.fill(part, (byte) ' ');
        part[0] = '{';
        out.write(part);
        out.flush();
        Thread.sleep(50);
        reset(s);
        return false;
      case RESET_MID_STREAM:
        write(out, SSE_HEAD + chunk(event()) + chunk(event()));
        Thread.sleep(50);
        reset(s);
        return false;
      case STALL_BEFORE_HEADERS:
        drain(in);
        return false;
      case STALL_MID_STREAM:
        write(out, SSE_HEAD + chunk(event()));
        drain(in);
        return false;
      case TRICKLE:
        byte[] body =
            (infer ? "{\"model_name\":\"add_sub\",\"outputs\":[]}" : event())
                .getBytes(StandardCharsets.US_ASCII);
        write(
            out,
            infer
                ? "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length
                    + "\r\n\r\n"
                : "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: "
                    + body.length
                    + "\r\n\r\n");
        for (byte b : body) {
          Thread.sleep(1000);
          out.write(b);
          out.flush();
        }
        return true;
      case GARBAGE:
        byte[] garbage = new byte[256];
        new java.util.Random(7).nextBytes(garbage);
        write(out, "\u0001\u0002 this is not HTTP \u0003\r\n\r\n");
        out.write(garbage);
        out.flush();
        drain(in);
        return false;
      case ENDLESS_BODY:
        write(
            out,
            infer
                ? "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n"
                : SSE_HEAD);
        String piece = chunk(infer ? " ".repeat(16 * 1024) : bigEvent());
        byte[] bytes = piece.getBytes(StandardCharsets.US_ASCII);
        while (true) {
          out.write(bytes); // until the client closes: the write then fails
          out.flush();
        }
      case OVERSIZED:
        write(
            out,
            "HTTP/1.1 200 OK\r\nContent-Type: "
                + (infer ? "application/json" : "text/event-stream")
                + "\r\nContent-Length: 104857600\r\n\r\n");
        byte[] zeros = (infer ? " " : "data: x\n\n").repeat(8 * 1024).getBytes();
        for (long sent = 0; sent < 104_857_600L - zeros.length; sent += zeros.length) {
          out.write(zeros);
          out.flush();
        }
        return false;
      default:
        throw new IllegalStateException(mode.toString());
    }
  }

  private static final String SSE_HEAD =
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";

  private static String event() {
    return "data: {\"id\":\"c\",\"object\":\"text_completion\",\"choices\":[{\"index\":0,"
        + "\"text\":\"Hi\",\"finish_reason\":null}]}\n\n";
  }

  private static String bigEvent() {
    return "data: {\"choices\":[{\"index\":0,\"text\":\"" + "x".repeat(16 * 1024) + "\"}]}\n\n";
  }

  private static String chunk(String data) {
    return Integer.toHexString(data.length()) + "\r\n" + data + "\r\n";
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Reads until the client closes (or the socket's timeout). */
  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[4096];
    while (in.read(buffer) >= 0) {
      // nothing to answer
    }
  }

  private static void reset(Socket s) throws IOException {
    s.setSoLinger(true, 0);
    s.close();
  }

  /** The request's head up to the blank line, or null at the end of the connection. */
  static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      head.append((char) c);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
        return head.toString();
      }
    }
    return null;
  }

  static long contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Long.parseLong(line.substring(15).trim());
      }
    }
    return 0;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
