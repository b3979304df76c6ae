/**
 * The Zeebe side of Senflow: the `ZeebeEngine` adapter on zeebe-node and the Zeebe gRPC gateway
 * served by the embedded engine (issue 12).
 */
export {}
