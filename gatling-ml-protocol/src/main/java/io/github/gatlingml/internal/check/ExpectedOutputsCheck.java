/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.check;

import io.gatling.javaapi.core.Session;
import io.github.gatlingml.check.CheckFailure;
import io.github.gatlingml.check.MlCheck;
import io.github.gatlingml.check.MlResponse;
import io.github.gatlingml.internal.feeder.RecordKeys;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Compares the response with the expected outputs a feeder record carries (validation data): same
 * datatype and shape, equal values (floating point within an absolute tolerance, every other type
 * exactly). A record without validation data passes.
 */
public final class ExpectedOutputsCheck implements MlCheck {
  private final double tolerance;

  public ExpectedOutputsCheck(double tolerance) {
    if (!(tolerance >= 0)) {
      throw new IllegalArgumentException("tolerance must be 0 or more, got " + tolerance);
    }
    this.tolerance = tolerance;
  }

  @Override
  public Session check(MlResponse response, Session session) {
    if (!session.contains(RecordKeys.EXPECTED)) {
      return session;
    }
    List<Tensor> expected = session.getList(RecordKeys.EXPECTED);
    String record =
        session.contains(RecordKeys.SOURCE)
            ? " (validation data of " + session.getString(RecordKeys.SOURCE) + ")"
            : "";
    for (Tensor want : expected) {
      Tensor got = TensorExtractors.output(response, want.name());
      String what = "output '" + want.name() + "'" + record;
      if (got.datatype() != want.datatype()) {
        throw new CheckFailure(
            what + ": expected datatype " + want.datatype() + " but found " + got.datatype());
      }
      if (!got.shape().equals(want.shape())) {
        throw new CheckFailure(
            what + ": expected shape " + want.shape() + " but found " + got.shape());
      }
      if (want.datatype() == DataType.BYTES) {
        List<String> w = want.toStringList();
        List<String> g = got.toStringList();
        for (int i = 0; i < w.size(); i++) {
          if (!w.get(i).equals(g.get(i))) {
            throw new CheckFailure(
                what
                    + ": element "
                    + i
                    + ": expected '"
                    + w.get(i)
                    + "' but found '"
                    + g.get(i)
                    + "'");
          }
        }
      } else if (want.datatype().isFloatingPoint()) {
        double[] w = want.toDoubleArray();
        double[] g = got.toDoubleArray();
        for (int i = 0; i < w.length; i++) {
          boolean same =
              Double.isNaN(w[i])
                  ? Double.isNaN(g[i])
                  : w[i] == g[i] || Math.abs(w[i] - g[i]) <= tolerance;
          if (!same) {
            throw new CheckFailure(
                what
                    + ": element "
                    + i
                    + ": expected "
                    + w[i]
                    + (tolerance > 0 ? " ± " + tolerance : "")
                    + " but found "
                    + g[i]);
          }
        }
      } else if (!Arrays.equals(want.data(), got.data())) {
        for (int i = 0; i < want.elementCount(); i++) {
          if (want.getLong(i) != got.getLong(i)) {
            throw new CheckFailure(
                what
                    + ": element "
                    + i
                    + ": expected "
                    + want.getLong(i)
                    + " but found "
                    + got.getLong(i));
          }
        }
      }
    }
    return session;
  }
}
