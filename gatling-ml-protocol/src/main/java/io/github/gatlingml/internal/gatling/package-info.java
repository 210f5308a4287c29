/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except
 * in compliance with the License. You may obtain a copy at http://www.apache.org/licenses/LICENSE-2.0
 */
/**
 * For internal use only. The one package that touches Gatling's Scala types: the protocol, its key
 * and components, the action wrapper, the stats logger, Gatling EL and Gatling's own checks on ML
 * responses. A Gatling upgrade is one folder of work.
 */
package io.github.gatlingml.internal.gatling;
