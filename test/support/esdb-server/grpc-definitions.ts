import { createRequire } from 'node:module';
import type * as grpc from '@grpc/grpc-js';
import type * as StreamsPb from '@eventstore/db-client/generated/streams_pb.js';
import type * as SharedPb from '@eventstore/db-client/generated/shared_pb.js';
import type * as FeaturesPb from '@eventstore/db-client/generated/serverfeatures_pb.js';

/**
 * The client's own generated gRPC service definitions and messages (CommonJS, loaded with `createRequire`):
 * the test server speaks exactly the wire format `@eventstore/db-client` speaks, with no copy of the protos.
 */
const require = createRequire(import.meta.url);
const generated = (name: string): unknown => require(`@eventstore/db-client/generated/${name}`);

export const streamsPb = generated('streams_pb.js') as typeof StreamsPb;
export const sharedPb = generated('shared_pb.js') as typeof SharedPb;
export const featuresPb = generated('serverfeatures_pb.js') as typeof FeaturesPb;
export const streamsService = (generated('streams_grpc_pb.js') as { StreamsService: grpc.ServiceDefinition })
  .StreamsService;
export const featuresService = (
  generated('serverfeatures_grpc_pb.js') as { ServerFeaturesService: grpc.ServiceDefinition }
).ServerFeaturesService;
