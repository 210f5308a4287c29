/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.servermetrics;

import io.github.gatlingml.internal.metrics.MetricsRegistry;
import io.github.gatlingml.internal.protocol.MlProtocol;
import io.github.gatlingml.internal.transport.KoReason;
import io.github.gatlingml.internal.transport.Secrets;
import io.github.gatlingml.metrics.ServerMetrics;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The server side of one run: scrapes every target of every protocol the run uses, on one daemon
 * event loop of its own ({@code gatling-ml-scrape}), never on Gatling's loops that carry the load,
 * and fetches ModelStatistics at the start and the end of the run. Nothing here throws into the
 * run: a target that is down, slow or answers garbage is counted with its reason and scraped again
 * at its next interval.
 *
 * <p>Life cycle: {@link #watch} each protocol as the run starts using it (starts its scrapes and
 * takes the first ModelStatistics), {@link #snapshot()} for periodic summaries, {@link #stop()}
 * once the load has ended (takes the last ModelStatistics and stops scraping).
 */
public final class ServerMetricsCollector {
  private static final Logger LOG = Logger.getLogger(ServerMetricsCollector.class.getName());

  /** The longest a ModelStatistics fetch may take. */
  private static final long MAX_STATS_TIMEOUT_MS = 10_000;

  /** The longest the last ModelStatistics fetch may take while the JVM shuts down. */
  private static final long SHUTDOWN_STATS_TIMEOUT_MS = 1_000;

  private final MetricsRegistry metrics;
  private final Object lock = new Object();

  // Guarded by lock.
  private final Set<MlProtocol> watched = new HashSet<>();
  private final List<TargetState> targets = new ArrayList<>();
  private final List<ScheduledFuture<?>> schedules = new ArrayList<>();
  private EventLoopGroup group;
  private boolean any;
  private boolean stopped;
  private ModelStatsFetcher stats;
  private Map<String, ModelStatsFetcher.Totals> statsAtStart;
  private String statsError;
  private Map<String, ServerMetrics.ModelDelta> statsDeltas;

  /**
   * @param metrics the run's registry: its origin and interval are the time axis of the series
   */
  public ServerMetricsCollector(MetricsRegistry metrics) {
    this.metrics = metrics;
  }

  /**
   * Starts what {@code protocol} asks for, once per protocol: its targets' scrapes (a target
   * already scraped under the same name is not scraped twice) and, for the first protocol asking
   * for them, the ModelStatistics at the start, fetched before this returns (bounded by the
   * protocol's request timeout, at most 10 s) so that the run's first request comes after them.
   * Never throws.
   */
  public void watch(MlProtocol protocol) {
    ServerMetricsConfig config = protocol.serverMetrics();
    if (config == null || !config.any()) {
      return;
    }
    ModelStatsFetcher fetcher = null;
    synchronized (lock) {
      if (stopped || !watched.add(protocol)) {
        return;
      }
      any = true;
      try {
        if (group == null) {
          group =
              new MultiThreadIoEventLoopGroup(
                  1,
                  new DefaultThreadFactory("gatling-ml-scrape", true),
                  NioIoHandler.newFactory());
        }
        for (TargetConfig t : config.targets()) {
          startTarget(protocol, t);
        }
        if (config.modelStatistics() && stats == null) {
          long timeout = Math.min(MAX_STATS_TIMEOUT_MS, protocol.requestTimeout().toMillis());
          stats =
              new ModelStatsFetcher(
                  protocol, new ArrayList<>(config.models()), group, Math.max(1, timeout));
          fetcher = stats;
        }
      } catch (RuntimeException e) {
        LOG.warning("gatling-ml: cannot start the server metrics: " + KoReason.describe(e));
        if (config.modelStatistics() && statsError == null) {
          statsError = "cannot start: " + KoReason.describe(e);
        }
        return;
      }
    }
    if (fetcher != null) {
      // Outside the lock: the scrapes go on meanwhile.
      Map<String, ModelStatsFetcher.Totals> start = null;
      String error = null;
      try {
        start = fetcher.fetch(Long.MAX_VALUE);
      } catch (Exception | Error e) {
        error = "at the start of the run: " + oneLine(e);
        LOG.warning("gatling-ml: ModelStatistics " + error + "; no deltas in the summary");
      }
      synchronized (lock) {
        statsAtStart = start;
        statsError = error;
      }
    }
  }

  private void startTarget(MlProtocol protocol, TargetConfig config) {
    for (TargetState t : targets) {
      if (t.config.name().equals(config.name())) {
        return;
      }
    }
    TargetState state = new TargetState(config, metrics.intervalMs());
    targets.add(state);
    URI url = config.url();
    boolean sameHost = sameHost(protocol, url);
    HttpGet http =
        new HttpGet(
            group,
            "https".equalsIgnoreCase(url.getScheme()) ? protocol.tls() : null,
            sameHost ? protocol.tls().serverName() : null);
    Map<String, String> headers = new LinkedHashMap<>();
    if (sameHost) {
      // The protocol's credentials go to its own hosts only, never to another host's exporter.
      for (MlProtocol.Header h : protocol.headers()) {
        if (!h.dynamic()) {
          headers.put(h.name(), h.staticValue());
        }
      }
    }
    if (url.getUserInfo() != null && !url.getUserInfo().isEmpty()) {
      String basic =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(url.getUserInfo().getBytes(StandardCharsets.UTF_8));
      Secrets.remember(basic);
      headers.put("Authorization", basic);
    }
    headers.putAll(config.headers());
    AtomicBoolean busy = new AtomicBoolean();
    Runnable scrape = () -> scrape(state, http, headers, busy);
    schedules.add(
        group.next().scheduleAtFixedRate(scrape, 0, state.intervalMs, TimeUnit.MILLISECONDS));
  }

  private static boolean sameHost(MlProtocol protocol, URI url) {
    String host = url.getHost().toLowerCase(Locale.ROOT);
    if (protocol.restBaseUrl() != null
        && host.equals(protocol.restBaseUrl().getHost().toLowerCase(Locale.ROOT))) {
      return true;
    }
    if (protocol.grpcTarget() != null) {
      String g = protocol.grpcTarget().toLowerCase(Locale.ROOT);
      int colon = g.lastIndexOf(':');
      String gh = colon > 0 && !g.endsWith("]") ? g.substring(0, colon) : g;
      return host.equals(gh) || ("[" + host + "]").equals(gh) || host.equals("[" + gh + "]");
    }
    return false;
  }

  /** One scrape; runs on the scrape loop, and never throws (that would cancel the schedule). */
  private void scrape(
      TargetState state, HttpGet http, Map<String, String> headers, AtomicBoolean busy) {
    try {
      synchronized (lock) {
        if (stopped) {
          return;
        }
        if (!busy.compareAndSet(false, true)) {
          state.failed(
              "skipped",
              "the previous scrape of "
                  + state.config.name()
                  + " was still running: its timeout is longer than its interval");
          return;
        }
      }
      http.get(state.config.url(), headers, state.timeoutMs)
          .whenComplete(
              (response, error) -> {
                try {
                  // The scrape's place on the run's time axis: when the page was rendered.
                  double tMs =
                      response == null ? 0 : (response.stampNanos() - metrics.startNanos()) / 1e6;
                  handle(state, response, error, tMs);
                } catch (RuntimeException | Error e) {
                  synchronized (lock) {
                    state.failed("client error", "client error: " + oneLine(e));
                  }
                } finally {
                  busy.set(false);
                }
              });
    } catch (RuntimeException | Error e) {
      busy.set(false);
      synchronized (lock) {
        state.failed("client error", "client error: " + oneLine(e));
      }
    }
  }

  private void handle(TargetState state, HttpGet.Response response, Throwable error, double tMs) {
    synchronized (lock) {
      if (stopped) {
        return; // cut off by the end of the run (its connection closed): not the target's fault
      }
    }
    if (error != null) {
      Throwable cause = error instanceof CompletionException ? error.getCause() : error;
      String reason = cause instanceof HttpGet.Failure f ? f.reason() : "client error";
      synchronized (lock) {
        state.failed(reason, oneLine(cause));
      }
      return;
    }
    synchronized (lock) {
      state.answered(response.durationNanos());
    }
    if (response.status() != 200) {
      synchronized (lock) {
        state.failed(
            "HTTP " + response.status(),
            Secrets.redact(
                state.config.name()
                    + " answered HTTP "
                    + response.status()
                    + ": "
                    + PrometheusText.excerpt(response.body().strip())));
      }
      return;
    }
    String type = response.contentType();
    boolean openMetrics =
        type != null && type.toLowerCase(Locale.ROOT).startsWith("application/openmetrics-text");
    List<PrometheusText.Family> families;
    try {
      families = PrometheusText.parse(response.body(), openMetrics);
    } catch (PrometheusText.ParseException e) {
      synchronized (lock) {
        state.failed(e.getMessage(), state.config.name() + ": " + e.getMessage());
      }
      return;
    }
    synchronized (lock) {
      if (!stopped) {
        state.scraped(families, tMs);
      }
    }
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage();
    String text = m == null || m.isBlank() ? KoReason.describe(e) : m;
    return Secrets.redact(text.replace('\n', ' '));
  }

  /**
   * The server metrics so far, or {@code null} when no protocol asked for any. Before {@link
   * #stop()}, ModelStatistics have no deltas yet (they need the end of the run).
   */
  public ServerMetrics snapshot() {
    synchronized (lock) {
      if (!any) {
        return null;
      }
      Map<String, ServerMetrics.Target> byName = new TreeMap<>();
      for (TargetState t : targets) {
        byName.put(t.config.name(), t.summary());
      }
      ServerMetrics.ModelStatistics ms = null;
      if (stats != null || statsError != null) {
        ms =
            new ServerMetrics.ModelStatistics(
                stats == null ? null : stats.source(),
                statsError,
                statsDeltas == null ? Map.of() : statsDeltas);
      }
      return new ServerMetrics(metrics.intervalMs(), byName, WellKnown.of(targets), ms);
    }
  }

  /**
   * Ends the server side of the run: stops the scrapes, fetches the ModelStatistics at the end and
   * computes the deltas, and releases the scrape loop. Call once the load has ended and the
   * requests in flight have settled. Never throws; calling it again does nothing.
   *
   * @param shuttingDown the JVM is shutting down: the last fetch gets 1 s at most, so that the
   *     final summary fits the shutdown hook's budget
   */
  public void stop(boolean shuttingDown) {
    ModelStatsFetcher fetcher;
    Map<String, ModelStatsFetcher.Totals> start;
    EventLoopGroup g;
    synchronized (lock) {
      if (stopped) {
        return;
      }
      stopped = true;
      for (ScheduledFuture<?> s : schedules) {
        s.cancel(false);
      }
      fetcher = stats;
      start = statsAtStart;
      g = group;
    }
    if (fetcher != null && start != null) {
      try {
        Map<String, ModelStatsFetcher.Totals> end =
            fetcher.fetch(shuttingDown ? SHUTDOWN_STATS_TIMEOUT_MS : Long.MAX_VALUE);
        Map<String, ServerMetrics.ModelDelta> deltas = ModelStatsFetcher.deltas(start, end);
        synchronized (lock) {
          statsDeltas = deltas;
        }
      } catch (Exception | Error e) {
        synchronized (lock) {
          statsError = "at the end of the run: " + oneLine(e);
        }
        LOG.warning("gatling-ml: ModelStatistics at the end of the run: " + oneLine(e));
      }
    }
    if (fetcher != null) {
      fetcher.close();
    }
    if (g != null) {
      g.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }
}
