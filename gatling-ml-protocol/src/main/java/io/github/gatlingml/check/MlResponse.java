/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.check;

import java.nio.charset.StandardCharsets;

/**
 * What a request got back, as checks see it: the transport status, the body, and for inference the
 * outputs (decoded only when a check asks for them).
 */
public final class MlResponse {
  private final int httpStatus;
  private final String grpcCode;
  private final String errorMessage;
  private final java.util.function.Supplier<byte[]> bodySource;
  private byte[] body;
  private final InferOutputs outputs;
  private final String jsonBody;
  private StreamResult stream;
  private String bodyText;

  private MlResponse(
      int httpStatus,
      String grpcCode,
      String errorMessage,
      java.util.function.Supplier<byte[]> bodySource,
      InferOutputs outputs,
      String jsonBody) {
    this.httpStatus = httpStatus;
    this.grpcCode = grpcCode;
    this.errorMessage = errorMessage;
    this.bodySource = bodySource;
    this.outputs = outputs;
    this.jsonBody = jsonBody;
  }

  /**
   * A REST response.
   *
   * @param errorMessage the server's {@code error} text for non-2xx answers, else null
   * @param outputs the inference outputs, or null when the request was not an inference
   */
  public static MlResponse rest(
      int httpStatus, byte[] body, String errorMessage, InferOutputs outputs) {
    return new MlResponse(httpStatus, null, errorMessage, () -> body, outputs, null);
  }

  /**
   * A REST response whose body is copied out of the transport's buffer only if a check asks for it
   * (the supplier must stay valid while checks run).
   */
  public static MlResponse rest(
      int httpStatus,
      java.util.function.Supplier<byte[]> body,
      String errorMessage,
      InferOutputs outputs) {
    return new MlResponse(httpStatus, null, errorMessage, body, outputs, null);
  }

  /**
   * A gRPC response.
   *
   * @param code the gRPC status code name, e.g. {@code OK}, {@code UNAVAILABLE}
   * @param jsonBody the response message as JSON (for jsonPath checks), or null
   */
  public static MlResponse grpc(
      String code, String errorMessage, byte[] body, InferOutputs outputs, String jsonBody) {
    return new MlResponse(-1, code, errorMessage, () -> body, outputs, jsonBody);
  }

  /**
   * The answer to a streaming request.
   *
   * @param code the status: {@code "200"}, {@code "OK"}, or the error's code
   * @param errorMessage the error when the stream failed, else null
   */
  public static MlResponse stream(String code, String errorMessage, StreamResult result) {
    boolean http = Character.isDigit(code.charAt(0));
    MlResponse r =
        new MlResponse(
            http ? Integer.parseInt(code) : -1,
            http ? null : code,
            errorMessage,
            () -> new byte[0],
            null,
            null);
    r.stream = result;
    return r;
  }

  /** The stream's result, or null when this was not a streaming request. */
  public StreamResult stream() {
    return stream;
  }

  /** True for HTTP 2xx or gRPC OK. */
  public boolean isOk() {
    return grpcCode != null ? grpcCode.equals("OK") : httpStatus >= 200 && httpStatus < 300;
  }

  /** The status as reported to Gatling: {@code "200"} or {@code "OK"}, {@code "UNAVAILABLE"}. */
  public String statusCode() {
    return grpcCode != null ? grpcCode : Integer.toString(httpStatus);
  }

  /** The HTTP status, or -1 for gRPC. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The gRPC status code name, or null for REST. */
  public String grpcCode() {
    return grpcCode;
  }

  /** The server's error text when the status is not OK, else null. */
  public String errorMessage() {
    return errorMessage;
  }

  /** The raw body (REST) or serialized message (gRPC). */
  public byte[] body() {
    if (body == null) {
      body = bodySource.get();
    }
    return body;
  }

  /** The body as text: JSON for REST and for gRPC messages converted to JSON. */
  public String bodyText() {
    if (bodyText == null) {
      bodyText = jsonBody != null ? jsonBody : new String(body(), StandardCharsets.UTF_8);
    }
    return bodyText;
  }

  /** The inference outputs, or null when this was not an inference or it failed. */
  public InferOutputs outputs() {
    return outputs;
  }
}
