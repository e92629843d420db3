/**
 * MongoDB as a Ferry source and target, on the plain MongoDB driver: {@link
 * dev.ferry.io.mongodb.MongoIO#read()} splits a collection into {@code _id} ranges of any BSON type
 * ({@link dev.ferry.io.mongodb.IdRanges}) and reads them into record batches; {@link
 * dev.ferry.io.mongodb.MongoIO#write()} replaces documents by key in unordered bulk writes and
 * turns every per-document write error (such as E11000 under a unique index) into a reject with the
 * key and the server's message; {@link dev.ferry.io.mongodb.BsonRecords} maps BSON to records and
 * back so every type survives a round trip (types without a Ferry kind travel as their canonical
 * Extended JSON); {@link dev.ferry.io.mongodb.MongoCollections} creates collections and their
 * indexes before a load and dumps or loads a collection as Extended JSON lines.
 */
package dev.ferry.io.mongodb;
