/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of a real HTTP/1.1 server that closes keep-alive connections early, the way
 * a load balancer or a server with a short keep-alive timeout does. The server behind it answers
 * every request normally and keeps its own count.
 */
final class KeepAliveClosingProxy implements AutoCloseable {
  enum Mode {
    /** Closes each client connection (FIN) 100 ms after the last bytes relayed, when idle. */
    IDLE_CLOSE,
    /**
     * Serves the first request of a connection, and closes the connection (FIN) when the next
     * request arrives on it, without relaying it: the race of a keep-alive timeout that fires just
     * as the client reuses the connection. Nothing of that request reaches the server.
     */
    CLOSE_ON_REUSE
  }

  private final ServerSocket socket;
  private final Mode mode;
  private final InetSocketAddress upstream;
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "keepalive-proxy-timer");
            t.setDaemon(true);
            return t;
          });
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger dropped = new AtomicInteger();

  KeepAliveClosingProxy(String upstreamUrl, Mode mode) throws IOException {
    URI u = URI.create(upstreamUrl);
    this.upstream = new InetSocketAddress(u.getHost(), u.getPort());
    this.mode = mode;
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "keepalive-proxy-" + mode);
    t.setDaemon(true);
    t.start();
  }

  String url() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  /** Client connections accepted. */
  int connections() {
    return connections.get();
  }

  /** Requests (first bytes of) the proxy closed a connection on instead of relaying. */
  int dropped() {
    return dropped.get();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        connections.incrementAndGet();
        Socket server = new Socket();
        server.connect(upstream, 2000);
        new Link(client, server).start();
      } catch (IOException e) {
        return;
      }
    }
  }

  /** One client connection and its upstream connection. */
  private final class Link {
    final Socket client;
    final Socket server;

    /** A response was relayed since the last request bytes. */
    volatile boolean answered;

    ScheduledFuture<?> idleClose;

    Link(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    void start() {
      thread("up", this::clientToServer);
      thread("down", this::serverToClient);
    }

    private void thread(String name, Runnable r) {
      Thread t = new Thread(r, "keepalive-proxy-" + name);
      t.setDaemon(true);
      t.start();
    }

    private void clientToServer() {
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = client.getInputStream();
          OutputStream out = server.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          synchronized (this) {
            if (idleClose != null) {
              idleClose.cancel(false);
            }
          }
          if (mode == Mode.CLOSE_ON_REUSE && answered) {
            dropped.incrementAndGet();
            closeBoth();
            return;
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // closed
      } finally {
        closeBoth();
      }
    }

    private void serverToClient() {
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = server.getInputStream();
          OutputStream out = client.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
          answered = true;
          if (mode == Mode.IDLE_CLOSE) {
            synchronized (this) {
              if (idleClose != null) {
                idleClose.cancel(false);
              }
              idleClose = timers.schedule(this::closeBoth, 100, TimeUnit.MILLISECONDS);
            }
          }
        }
      } catch (IOException e) {
        // closed
      } finally {
        closeBoth();
      }
    }

    private void closeBoth() {
      try {
        client.close();
      } catch (IOException e) {
        // already closed
      }
      try {
        server.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }

  @Override
  public void close() throws IOException {
    timers.shutdownNow();
    socket.close();
  }
}
