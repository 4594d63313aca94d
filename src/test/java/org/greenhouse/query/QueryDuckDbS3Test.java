package org.greenhouse.query;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.greenhouse.testing.QueryProfile;
import org.greenhouse.testing.S3Stub;

/** DuckDB over the archive in S3 (S3Proxy), mirrored for each query. */
@QuarkusTest
@TestProfile(QueryProfile.class)
class QueryDuckDbS3Test extends QueryContract {

    @Override
    void clearArchive() {
        S3Stub.clear();
    }
}
