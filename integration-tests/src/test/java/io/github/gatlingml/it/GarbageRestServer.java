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

/** An HTTP/1.1 server that answers every request {@code 200 OK} with the body {@code not json}. */
final class GarbageRestServer implements AutoCloseable {
  private static final byte[] ANSWER =
      ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 8\r\n\r\nnot json")
          .getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket socket;

  GarbageRestServer() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "garbage-rest-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        Thread t = new Thread(() -> serve(s), "garbage-rest-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /**
   * Reads each request (headers, then Content-Length bytes) and answers it; keeps the connection.
   */
  private static void serve(Socket s) {
    try (s;
        InputStream in = new BufferedInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream()) {
      while (true) {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
          head.append((char) c);
          if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
            break;
          }
        }
        if (c < 0) {
          return;
        }
        long length = 0;
        for (String line : head.toString().split("\r\n")) {
          if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
            length = Long.parseLong(line.substring(15).trim());
          }
        }
        in.skipNBytes(length);
        out.write(ANSWER);
        out.flush();
      }
    } catch (IOException e) {
      // client went away
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
