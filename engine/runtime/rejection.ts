// A command the engine refuses. Rejections are values with Zeebe's rejection types; the gateway
// maps them to gRPC status codes and Zeebe's details text:
//   Command '<INTENT>' rejected with code '<TYPE>': <reason>
export type RejectionType = 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'ALREADY_EXISTS' | 'INVALID_STATE' | 'PROCESSING_ERROR' | 'EXCEEDED_BATCH_RECORD_SIZE';

export class Rejection extends Error {
  constructor(
    readonly type: RejectionType,
    readonly intent: string,
    readonly reason: string,
  ) {
    super(`Command '${intent}' rejected with code '${type}': ${reason}`);
    this.name = 'Rejection';
  }
}

/** Overload: the engine can't take more work right now (clients retry RESOURCE_EXHAUSTED). */
export class Backpressure extends Error {
  constructor() {
    super('Expected to handle the request, but the engine is busy: too many commands are waiting to be committed. Retry later.');
    this.name = 'Backpressure';
  }
}
