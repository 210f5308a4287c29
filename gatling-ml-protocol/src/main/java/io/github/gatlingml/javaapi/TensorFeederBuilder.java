/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.javaapi;

import io.gatling.javaapi.core.CoreDsl;
import io.gatling.javaapi.core.FeederBuilder;
import io.github.gatlingml.feeder.FeederException;
import io.github.gatlingml.feeder.TensorRecord;
import io.github.gatlingml.feeder.TensorSignature;
import io.github.gatlingml.internal.feeder.RecordKeys;
import io.github.gatlingml.tensor.DataType;
import io.github.gatlingml.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A feeder of tensor records read from files (NumPy, perf_analyzer JSON, KServe requests) or
 * generated. Records are decoded and encoded once, when {@link #feeder()} or {@link #records()} is
 * called (at simulation start), never per request; with {@link #checkedAgainst} every record is
 * checked against the model's inputs then too, so a bad file fails before any load.
 *
 * <p>Each record sets every input under its own name, all of them as a list under {@code ml_inputs}
 * (for {@code infer(...).inputsFromFeeder()}), the expected outputs under {@code ml_expected} and
 * its origin under {@code ml_record}. Immutable.
 */
public final class TensorFeederBuilder {
  private final String source;
  private final Supplier<List<TensorRecord>> loader;
  private final Supplier<Iterator<TensorRecord>> streamer;
  private final List<TensorSignature> signatures;

  TensorFeederBuilder(
      String source,
      Supplier<List<TensorRecord>> loader,
      Supplier<Iterator<TensorRecord>> streamer) {
    this(source, loader, streamer, null);
  }

  private TensorFeederBuilder(
      String source,
      Supplier<List<TensorRecord>> loader,
      Supplier<Iterator<TensorRecord>> streamer,
      List<TensorSignature> signatures) {
    this.source = source;
    this.loader = loader;
    this.streamer = streamer;
    this.signatures = signatures;
  }

  /**
   * Checks every record against the model's inputs (datatype, shape, no missing or unknown input)
   * when loading; see {@code MlFeeders.modelInputs(...)} to fetch them from the server.
   */
  public TensorFeederBuilder checkedAgainst(List<TensorSignature> modelInputs) {
    return new TensorFeederBuilder(source, loader, streamer, List.copyOf(modelInputs));
  }

  /**
   * Checks every record against the inputs of a model fetched with {@code
   * MlFeeders.modelFromRest/Grpc}.
   */
  public TensorFeederBuilder checkedAgainst(io.github.gatlingml.feeder.ModelSignature model) {
    return checkedAgainst(model.inputs());
  }

  /** The records, loaded and checked now. */
  public List<Map<String, Object>> records() {
    List<TensorRecord> loaded = loader.get();
    if (loaded.isEmpty()) {
      throw new FeederException(source + ": no records; the file is empty");
    }
    List<Map<String, Object>> out = new ArrayList<>(loaded.size());
    for (TensorRecord r : loaded) {
      check(r);
      out.add(RecordKeys.toMap(r));
    }
    return out;
  }

  /**
   * A Gatling feeder over the records: use its strategies as usual, e.g. {@code
   * .feeder().circular()}, {@code .random()}, {@code .shuffle()}.
   */
  public FeederBuilder<Object> feeder() {
    return CoreDsl.listFeeder(records());
  }

  /**
   * The records one at a time, read as they are fed (for files too large to hold in memory): a
   * queue that ends when the file does. Only for sources that can stream (KServe JSONL); others are
   * loaded whole first.
   */
  public Iterator<Map<String, Object>> stream() {
    Iterator<TensorRecord> it = streamer != null ? streamer.get() : loader.get().iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Map<String, Object> next() {
        TensorRecord r = it.next();
        check(r);
        return RecordKeys.toMap(r);
      }
    };
  }

  private void check(TensorRecord r) {
    if (signatures == null) {
      return;
    }
    List<String> names = new ArrayList<>();
    for (TensorSignature s : signatures) {
      names.add(s.name());
    }
    for (Tensor t : r.inputs()) {
      TensorSignature s = find(t.name());
      if (s == null) {
        throw new FeederException(
            r.source()
                + ": input '"
                + t.name()
                + "' is not an input of the model; its inputs are "
                + names);
      }
      if (s.datatype() != t.datatype()) {
        throw new FeederException(
            r.source()
                + ": input '"
                + t.name()
                + "' is "
                + t.datatype()
                + " but the model expects "
                + s.datatype()
                + "; "
                + datatypeFix(r.source(), s.datatype()));
      }
      if (!s.accepts(t.shape().dims())) {
        throw new FeederException(
            r.source()
                + ": input '"
                + t.name()
                + "' has shape "
                + t.shape()
                + " but the model expects "
                + java.util.Arrays.toString(s.dims())
                + " (-1: any size)");
      }
    }
    for (TensorSignature s : signatures) {
      boolean present = r.inputs().stream().anyMatch(t -> t.name().equals(s.name()));
      if (!present) {
        throw new FeederException(
            r.source() + ": input '" + s.name() + "' is missing; the model's inputs are " + names);
      }
    }
  }

  /**
   * How to give the model the datatype it expects: the NumPy conversion for arrays (NumPy writes
   * float64 by default, which an FP32 model refuses), the field to change for JSON.
   */
  static String datatypeFix(String source, DataType expected) {
    boolean numpy = source.contains(".npy") || source.contains(".npz");
    if (!numpy) {
      return "write the input as " + expected.wireName() + " (its \"datatype\" and its values)";
    }
    String dtype = numpyDtype(expected);
    return dtype == null
        ? "convert the array to "
            + expected.wireName()
            + " (numpy has no bfloat16: use ml_dtypes.bfloat16) and save it again"
        : "convert it with arr.astype(" + dtype + ") and save it again";
  }

  private static String numpyDtype(DataType t) {
    switch (t) {
      case BOOL:
        return "np.bool_";
      case UINT8:
        return "np.uint8";
      case UINT16:
        return "np.uint16";
      case UINT32:
        return "np.uint32";
      case UINT64:
        return "np.uint64";
      case INT8:
        return "np.int8";
      case INT16:
        return "np.int16";
      case INT32:
        return "np.int32";
      case INT64:
        return "np.int64";
      case FP16:
        return "np.float16";
      case FP32:
        return "np.float32";
      case FP64:
        return "np.float64";
      case BYTES:
        return "np.bytes_";
      default:
        return null;
    }
  }

  private TensorSignature find(String name) {
    for (TensorSignature s : signatures) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }
}
