package dev.wagateway.shared.snapstart;

import dev.wagateway.shared.id.Ids;
import io.micronaut.crac.OrderedResource;
import jakarta.inject.Singleton;
import org.crac.Context;
import org.crac.Resource;

/**
 * After a SnapStart restore, new random state: every instance restored from one snapshot would otherwise go on
 * from the same generator state, and two instances could hand out the same ULID in the same millisecond.
 * (SecureRandom itself reads the system's entropy again; the ULID factory's own state does not.)
 */
@Singleton
public class FreshRandomness implements OrderedResource {

    @Override
    public void beforeCheckpoint(Context<? extends Resource> checkpoint) {
        // Nothing to close: the state is replaced after the restore.
    }

    @Override
    public void afterRestore(Context<? extends Resource> restore) {
        Ids.reseed();
    }
}
