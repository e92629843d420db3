import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.concurrent.CountDownLatch;

/**
 * A standalone mongo-java-server (in-memory backend) for demos and benchmarks, started by
 * scripts/mongo-start.sh as a single-file Java program: {@code java -cp CP MongoServerMain.java
 * 27018}. It serves on 127.0.0.1 until the process is stopped.
 */
public final class MongoServerMain {
  private MongoServerMain() {}

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 27018;
    MongoServer server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", port);
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    System.out.println("mongo-java-server listening on 127.0.0.1:" + port);
    new CountDownLatch(1).await();
  }
}
