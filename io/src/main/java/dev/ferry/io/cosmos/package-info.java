/**
 * Azure Cosmos DB (NoSQL API) as a Ferry source and target, on the Azure Cosmos Java SDK in gateway
 * mode: {@link dev.ferry.io.cosmos.CosmosIO} reads a container split by its feed ranges (paged with
 * continuation tokens, optionally filtered by a query) and writes records with the SDK's bulk
 * executor as idempotent upserts, retrying throttled operations with capped backoff and rejecting
 * every failed operation with its id, partition key and status; {@link
 * dev.ferry.io.cosmos.CosmosDocuments} maps JSON documents to records and back (vectors as {@code
 * float[]}, bit-exact); {@link dev.ferry.io.cosmos.CosmosContainers} creates target containers from
 * a {@link dev.ferry.io.cosmos.CosmosContainerDef} or checks existing ones against it.
 */
package dev.ferry.io.cosmos;
