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
    description =
        "Write the sample source database(s) of a worked example (s1, s2, s2-chroma, s3, s5).")
final class SampleCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "EXAMPLE",
      description =
          "the example: s2, s3 (PATH is then a folder), s2-chroma (PATH is the Chroma server URL),"
              + " s1 (PATH is then a Cosmos DB database) or s5 (PATH is then a MongoDB connection"
              + " string; the database is its path, default narrative)")
  String example;

  @Parameters(index = "1", paramLabel = "PATH", description = "the SQLite file to (re)create")
  String pathText;

  @Option(
      names = "--docs",
      defaultValue = "10523",
      description = "s5: user_data documents (default 10523, the seed's count)")
  int docs;

  @Option(names = "--rows", defaultValue = "500", description = "rows per table (default 500)")
  int rows;

  @Option(
      names = "--collection",
      defaultValue = "collections_vectors",
      description = "s2-chroma: the collection to write (default collections_vectors)")
  String collection;

  @Option(
      names = "--dimension",
      defaultValue = "1024",
      description = "s2-chroma: the vector dimension (default 1024)")
  int dimension;

  @Override
  public Integer call() throws Exception {
    if ("s5".equals(example)) {
      String db = new com.mongodb.ConnectionString(pathText).getDatabase();
      dev.ferry.io.mongodb.MongoConnection c =
          dev.ferry.io.mongodb.MongoConnection.of(
              pathText, db == null ? "narrative" : db, "user_data");
      try (var client = c.client()) {
        c.collection(client).drop();
      }
      long n =
          dev.ferry.examples.S5SampleData.write(
              c, docs, dev.ferry.examples.S5SampleData.DEFAULT_SEED);
      System.out.println("wrote " + n + " user_data documents into " + c.label());
      return 0;
    }
    Path path = Path.of(pathText);
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
          dev.ferry.io.cosmos.CosmosConnection.of(endpoint, key, pathText), docs);
      System.out.println(
          "wrote database "
              + pathText
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
    if ("s2-chroma".equals(example)) {
      // PATH is the Chroma server's URL here.
      String url = pathText;
      dev.ferry.examples.S2ChromaSample.write(url, collection, rows, dimension);
      System.out.println(
          "wrote Chroma collection '"
              + collection
              + "' at "
              + url
              + ": "
              + rows
              + " records of dimension "
              + dimension);
      return 0;
    }
    if (!"s2".equals(example)) {
      System.err.println(
          "ferry: unknown example '" + example + "' (known: s1, s2, s2-chroma, s3, s5)");
      return 2;
    }
    S2SampleData.write(path, rows);
    System.out.println(
        "wrote " + path + ": items, analyses, embeddings with " + rows + " rows each");
    return 0;
  }
}
