/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.feeder.numpy;

import io.github.gatlingml.feeder.FeederException;
import io.github.gatlingml.internal.feeder.FeederFiles;
import io.github.gatlingml.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads the arrays of a NumPy {@code .npz} archive, as written by {@code numpy.savez} (stored) or
 * {@code numpy.savez_compressed} (deflated): a ZIP of {@code .npy} members, each read with {@link
 * NpyReader}.
 */
public final class NpzReader {
  private NpzReader() {}

  /**
   * Reads every array of the archive.
   *
   * @param file an {@code .npz} file
   * @return the arrays in archive order, keyed by member name without {@code .npy}; each tensor is
   *     named like its key
   * @throws FeederException when the archive or one of its members cannot be read; the message
   *     names the archive and the member
   */
  public static Map<String, Tensor> read(Path file) {
    Objects.requireNonNull(file, "file");
    String archive = file.toString();
    if (!Files.isRegularFile(file)) {
      throw FeederFiles.notFound(file);
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (entry.isDirectory()) {
          continue;
        }
        String member = entry.getName();
        String source = archive + ", member " + member;
        if (!member.endsWith(".npy")) {
          throw new FeederException(
              source
                  + ": not an .npy array; an .npz archive holds only .npy members (numpy.savez)");
        }
        String name = member.substring(0, member.length() - ".npy".length());
        if (out.containsKey(name)) {
          throw new FeederException(source + ": the archive holds the array '" + name + "' twice");
        }
        try (InputStream in = zip.getInputStream(entry)) {
          out.put(name, NpyReader.read(in, source, name));
        } catch (ZipException e) {
          throw new FeederException(source + ": corrupt archive member: " + e.getMessage(), e);
        }
      }
    } catch (ZipException e) {
      throw new FeederException(
          archive
              + ": not a readable .npz (ZIP) archive: "
              + e.getMessage()
              + "; write it with numpy.savez or numpy.savez_compressed",
          e);
    } catch (IOException e) {
      throw new FeederException(archive + ": cannot read the archive: " + e, e);
    }
    if (out.isEmpty()) {
      throw new FeederException(archive + ": the archive holds no arrays");
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Reads the arrays named in {@code arrayToInputName} and names each tensor after its input:
   * {@code {"x": "INPUT0"}} returns {@code INPUT0} holding array {@code x}. Arrays that are not
   * mapped (labels, say) are left out.
   *
   * @param file an {@code .npz} file
   * @param arrayToInputName array name (member without {@code .npy}) to tensor name
   * @return the mapped tensors keyed by their new names, in the mapping's iteration order
   * @throws FeederException when a mapped array is not in the archive (the message lists the arrays
   *     it holds), when two arrays map to one name, or when the archive cannot be read
   */
  public static Map<String, Tensor> read(Path file, Map<String, String> arrayToInputName) {
    Objects.requireNonNull(arrayToInputName, "arrayToInputName");
    if (arrayToInputName.isEmpty()) {
      throw new FeederException(file + ": no arrays mapped to inputs; map at least one array");
    }
    Map<String, Tensor> all = read(file);
    Map<String, Tensor> out = new LinkedHashMap<>();
    Map<String, String> targets = new HashMap<>();
    for (Map.Entry<String, String> e : arrayToInputName.entrySet()) {
      String array = e.getKey();
      String input = Objects.requireNonNull(e.getValue(), "input name for array " + array);
      Tensor t = all.get(array);
      if (t == null) {
        throw new FeederException(
            String.format(
                "%s: no array '%s' (mapped to input '%s'); the archive holds %s",
                file, array, input, String.join(", ", all.keySet())));
      }
      String previous = targets.putIfAbsent(input, array);
      if (previous != null) {
        throw new FeederException(
            String.format(
                "%s: arrays '%s' and '%s' are both mapped to input '%s'; map each input once",
                file, previous, array, input));
      }
      out.put(input, t.withName(input));
    }
    return Collections.unmodifiableMap(out);
  }
}
