/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
/** For internal use only. Synthetic tensors from a model's metadata. */
package io.github.gatlingml.internal.feeder.synthetic;
