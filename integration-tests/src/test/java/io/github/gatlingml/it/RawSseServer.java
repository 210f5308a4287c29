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
import java.util.Locale;

/**
 * A misbehaving event-stream server: answers the first request with a chunked {@code
 * text/event-stream} head and one event, then stalls, resets the connection (RST) or closes it
 * (FIN) as told.
 */
final class RawSseServer implements AutoCloseable {
  enum After {
    STALL,
    RESET,
    CLOSE
  }

  private final ServerSocket socket;
  private final After after;

  RawSseServer(After after) throws IOException {
    this.after = after;
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "raw-sse-accept");
    t.setDaemon(true);
    t.start();
  }

  String url() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        Thread t = new Thread(() -> serve(s), "raw-sse-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try {
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      StringBuilder head = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0) {
        head.append((char) c);
        if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
          break;
        }
      }
      int length = 0;
      for (String line : head.toString().split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      in.readNBytes(length);
      String event = "data: {\"text_output\":\"Hi\"}\n\n";
      String answer =
          "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
              + Integer.toHexString(event.length())
              + "\r\n"
              + event
              + "\r\n";
      out.write(answer.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(100);
      switch (after) {
        case RESET:
          s.setSoLinger(true, 0);
          s.close();
          break;
        case CLOSE:
          s.close();
          break;
        default:
          Thread.sleep(30_000);
          s.close();
      }
    } catch (IOException | InterruptedException e) {
      // the client went away
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
