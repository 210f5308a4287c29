/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
package io.github.gatlingml.internal.transport;

/**
 * An output the client asks for.
 *
 * @param name output tensor name
 * @param binary REST only: ask for it as a binary blob (Triton's binary_data)
 * @param classification top classes to return (classification extension), 0 for the raw tensor
 */
public record OutputRequest(String name, boolean binary, int classification) {}
