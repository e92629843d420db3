package dev.ferry.cli;

import dev.ferry.examples.S2SampleData;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry sample s2 PATH}: writes the built-in sample database of a worked example.
 *
 * <pre>{@code
 * ferry sample s2 examples/s2-collections/data/collections.db --rows 500
 * }</pre>
 */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description = "Write the sample source database(s) of a worked example (s1, s2, s3).")
final class SampleCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "EXAMPLE",
      description =
          "the example: s2, s3 (PATH is then a folder) or s1 (PATH is then a Cosmos DB database)")
  String example;

  @Parameters(index = "1", paramLabel = "PATH", description = "the SQLite file to (re)create")
  Path path;

  @Option(names = "--rows", defaultValue = "500", description = "rows per table (default 500)")
  int rows;

  @Override
  public Integer call() throws Exception {
    if ("s1".equals(example)) {
      // PATH is the Cosmos DB database; the account comes from the environment.
      String endpoint = System.getenv("FERRY_COSMOS_ENDPOINT");
      String key = System.getenv("FERRY_COSMOS_KEY");
      if (endpoint == null || key == null) {
        System.err.println(
            "ferry: sample s1 needs FERRY_COSMOS_ENDPOINT and FERRY_COSMOS_KEY"
                + " (scripts/cosmos-start.sh writes them to ~/.ferry/cosmos.env)");
        return 2;
      }
      int docs = rows == 500 ? dev.ferry.examples.S1SampleData.VECTOR_DOCS : rows;
      dev.ferry.examples.S1SampleData.write(
          dev.ferry.io.cosmos.CosmosConnection.of(endpoint, key, path.toString()), docs);
      System.out.println(
          "wrote database "
              + path
              + ": personality-vectors ("
              + docs
              + " documents), users ("
              + dev.ferry.examples.S1SampleData.USERS
              + "), user_activity ("
              + (dev.ferry.examples.S1SampleData.ACTIVITIES
                  + dev.ferry.examples.S1SampleData.UNROUTED_ACTIVITIES)
              + ")");
      return 0;
    }
    if ("s3".equals(example)) {
      dev.ferry.examples.S3SampleData.writeApp(path.resolve("langgraph_agent.db"), rows / 10);
      dev.ferry.examples.S3SampleData.writeCheckpoints(
          path.resolve("chatbot_memory.sqlite"), rows / 25);
      System.out.println(
          "wrote "
              + path.resolve("langgraph_agent.db")
              + " (app) and "
              + path.resolve("chatbot_memory.sqlite")
              + " (LangGraph checkpoints, WAL)");
      return 0;
    }
    if (!"s2".equals(example)) {
      System.err.println("ferry: unknown example '" + example + "' (known: s1, s2, s3)");
      return 2;
    }
    S2SampleData.write(path, rows);
    System.out.println(
        "wrote " + path + ": items, analyses, embeddings with " + rows + " rows each");
    return 0;
  }
}
