package dev.ferry.pipeline;

import com.azure.cosmos.CosmosClient;
import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.CosmosException;
import com.azure.cosmos.models.CosmosContainerProperties;
import com.azure.cosmos.models.CosmosQueryRequestOptions;
import dev.ferry.io.cosmos.CosmosConnection;
import dev.ferry.io.cosmos.CosmosContainerDef;
import dev.ferry.io.cosmos.CosmosContainerMismatchException;
import dev.ferry.io.cosmos.CosmosContainers;
import dev.ferry.io.cosmos.CosmosIO;
import dev.ferry.io.schema.TableDef;
import dev.ferry.record.FlowTags;
import dev.ferry.record.RecordBatch;
import dev.ferry.record.Reject;
import dev.ferry.report.Check;
import dev.ferry.report.FlowReport;
import dev.ferry.spec.SourceSpec;
import dev.ferry.spec.TargetSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * Ferry's Cosmos DB flows: a container as a flow's source table and target table, its read and bulk
 * write, the preparation of target containers (every container a cosmos target defines is checked
 * first, then the missing ones created, so a mismatch stops the run before anything is created or
 * written), and the check after the run that the container holds what was written.
 *
 * <pre>{@code
 * TableDef users = CosmosFlows.sourceTable(cosmosSource, "users");
 * PCollection<Long> written = CosmosFlows.write(records, plan, rejects);
 * }</pre>
 */
final class CosmosFlows {
  private CosmosFlows() {}

  static CosmosConnection connection(SourceSpec.Cosmos s) {
    return CosmosConnection.of(s.endpoint(), s.key().reveal(), s.database());
  }

  static CosmosConnection connection(TargetSpec.Cosmos t) {
    return CosmosConnection.of(t.endpoint(), t.key().reveal(), t.database());
  }

  /** A container read as a table: keyed by {@code id}; a missing container is a plan error. */
  static TableDef sourceTable(SourceSpec.Cosmos source, String container) {
    CosmosConnection c = connection(source);
    try (CosmosClient client = c.client()) {
      CosmosContainerProperties props;
      try {
        props = CosmosContainers.existing(client.getDatabase(c.database()), container);
      } catch (CosmosException e) {
        throw new PlanException(
            "source '"
                + source.name()
                + "': cannot read container '"
                + container
                + "' of database '"
                + c.database()
                + "': status "
                + e.getStatusCode(),
            e);
      }
      if (props == null) {
        throw new PlanException(
            "source '"
                + source.name()
                + "': container '"
                + container
                + "' does not exist in database '"
                + c.database()
                + "'");
      }
    }
    return new TableDef(container, List.of(), List.of("id"), List.of());
  }

  static PCollectionTuple read(Pipeline p, FlowPlan plan, int batchSize) {
    SourceSpec.Cosmos source = (SourceSpec.Cosmos) plan.source();
    CosmosIO.Read read =
        CosmosIO.read()
            .withConnection(connection(source))
            .withContainer(plan.sourceTable())
            .withVectorPaths(Set.copyOf(source.vectors()))
            .withBatchSize(batchSize)
            .withFlow(plan.name());
    if (plan.query() != null) {
      read = read.withQuery(plan.query());
    }
    return p.apply(plan.name() + "/read", read);
  }

  /** The container definition a flow writes, or a plan error naming the defined ones. */
  static CosmosContainerDef container(FlowPlan plan) {
    TargetSpec.Cosmos target = (TargetSpec.Cosmos) plan.target();
    CosmosContainerDef def = target.containers().get(plan.targetTable().name());
    if (def == null) {
      throw new PlanException(
          "flow '"
              + plan.name()
              + "': target '"
              + target.name()
              + "' defines no container '"
              + plan.targetTable().name()
              + "' (defined: "
              + String.join(", ", target.containers().keySet())
              + ") — nothing was written");
    }
    return def;
  }

  /** Writes a flow's records; adds the write's rejects (counted) to {@code rejects}. */
  static PCollection<Long> write(
      PCollection<RecordBatch> records, FlowPlan plan, List<PCollection<Reject>> rejects) {
    TargetSpec.Cosmos target = (TargetSpec.Cosmos) plan.target();
    CosmosContainerDef def = container(plan);
    PCollectionTuple w =
        records.apply(
            plan.name() + "/write",
            CosmosIO.write()
                .withConnection(connection(target))
                .withContainer(def.id())
                .withPartitionKeyPaths(def.partitionKeyPaths())
                .withFlow(plan.name()));
    rejects.add(
        w.get(FlowTags.REJECTS)
            .apply(
                plan.name() + "/count write rejects",
                CountInto.rejects(Counters.rejected(plan.name()))));
    return w.get(CosmosIO.WRITTEN)
        .apply(plan.name() + "/count written", CountInto.sum(Counters.written(plan.name())));
  }

  /**
   * Checks every container of every cosmos target the plans write against the spec, then (when
   * {@code write}) creates the missing ones; adds what was (or would be) done to {@code actions}.
   */
  static void prepare(List<FlowPlan> plans, boolean write, List<String> actions) {
    Map<String, TargetSpec.Cosmos> targets = new LinkedHashMap<>();
    for (FlowPlan plan : plans) {
      if (plan.target() instanceof TargetSpec.Cosmos) {
        container(plan);
        targets.putIfAbsent(plan.target().name(), (TargetSpec.Cosmos) plan.target());
      }
    }
    List<String> problems = new ArrayList<>();
    Map<String, List<CosmosContainerDef>> missing = new LinkedHashMap<>();
    for (TargetSpec.Cosmos t : targets.values()) {
      CosmosConnection c = connection(t);
      try (CosmosClient client = c.client()) {
        List<CosmosContainerDef> absent = new ArrayList<>();
        for (CosmosContainerDef def : t.containers().values()) {
          CosmosContainerProperties props = existingOrNull(client, c.database(), def.id());
          if (props == null) {
            absent.add(def);
          } else {
            try {
              CosmosContainers.prepare(client, c.database(), List.of(def));
            } catch (CosmosContainerMismatchException e) {
              for (String p : e.problems()) {
                problems.add("target '" + t.name() + "': " + p);
              }
            }
          }
        }
        missing.put(t.name(), absent);
      } catch (CosmosException e) {
        throw new PlanException(
            "target '"
                + t.name()
                + "': cannot reach "
                + t.endpoint()
                + ": status "
                + e.getStatusCode()
                + " — nothing was written",
            e);
      }
    }
    if (!problems.isEmpty()) {
      throw new PlanException(String.join("; ", problems) + " — nothing was written");
    }
    for (TargetSpec.Cosmos t : targets.values()) {
      List<CosmosContainerDef> absent = missing.get(t.name());
      if (absent.isEmpty()) {
        continue;
      }
      List<String> ids = new ArrayList<>();
      absent.forEach(d -> ids.add(d.id()));
      if (write) {
        CosmosConnection c = connection(t);
        try (CosmosClient client = c.client()) {
          CosmosContainers.prepare(client, c.database(), absent);
        }
        actions.add(
            "target '"
                + t.name()
                + "': created container(s) "
                + String.join(", ", ids)
                + " in database '"
                + t.database()
                + "'");
      } else {
        actions.add(
            "target '" + t.name() + "': would create container(s) " + String.join(", ", ids));
      }
    }
  }

  private static CosmosContainerProperties existingOrNull(
      CosmosClient client, String database, String id) {
    try {
      return CosmosContainers.existing(client.getDatabase(database), id);
    } catch (CosmosException e) {
      if (e.getStatusCode() == 404) {
        return null;
      }
      throw e;
    }
  }

  /** After the run: the container holds as many documents as the flow wrote. */
  static void verify(FlowPlan plan, FlowReport report) {
    TargetSpec.Cosmos target = (TargetSpec.Cosmos) plan.target();
    CosmosConnection c = connection(target);
    try (CosmosClient client = c.client()) {
      long docs = count(client.getDatabase(c.database()).getContainer(plan.targetTable().name()));
      long written = report.written();
      report.addCheck(
          Check.of(
              "target documents",
              docs == written,
              "container '"
                  + plan.targetTable().name()
                  + "' has "
                  + docs
                  + " documents; this run wrote "
                  + written
                  + (docs == written
                      ? ""
                      : " (documents not written by this run, or lost writes)")));
    }
  }

  /** The documents in a container, by id (every feed range read once). */
  static long count(CosmosContainer container) {
    Set<String> ids = new HashSet<>();
    for (com.azure.cosmos.models.FeedRange r : container.getFeedRanges()) {
      CosmosQueryRequestOptions o = new CosmosQueryRequestOptions();
      o.setFeedRange(r);
      for (com.fasterxml.jackson.databind.node.ObjectNode doc :
          container.queryItems(
              "SELECT c.id FROM c", o, com.fasterxml.jackson.databind.node.ObjectNode.class)) {
        ids.add(doc.path("id").asText());
      }
    }
    return ids.size();
  }
}
