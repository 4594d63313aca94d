package org.greenhouse.batch;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.greenhouse.testing.H2Profile;

@QuarkusTest
@TestProfile(H2Profile.class)
class BatchExtractH2Test extends BatchExtractContract {
}
