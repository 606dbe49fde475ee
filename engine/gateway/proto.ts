// The gateway protocol, loaded at run time from the installed zeebe-node package. Its licence
// doesn't let us copy gateway.proto into this repository (zeebe-protocol.md §2), and loading the
// client's own copy guarantees we speak exactly what the client speaks.
import { createRequire } from 'node:module';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const require = createRequire(import.meta.url);

export function gatewayProtoPath(): string {
  return require.resolve('zeebe-node/proto/zeebe.proto');
}

export function loadGatewayService(): grpc.ServiceDefinition {
  const definition = protoLoader.loadSync(gatewayProtoPath(), {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const pkg = grpc.loadPackageDefinition(definition)['gateway_protocol'] as grpc.GrpcObject | undefined;
  const ctor = pkg?.['Gateway'] as grpc.ServiceClientConstructor | undefined;
  if (!ctor) throw new Error(`gateway_protocol.Gateway not found in ${gatewayProtoPath()}`);
  return ctor.service;
}
