import {
  credentials,
  makeGenericClientConstructor,
  Metadata,
  type Client,
  type ServiceError,
} from '@grpc/grpc-js'
import { gatewayServices } from './gateway/proto.js'

/**
 * A plain gRPC client of a Zeebe gateway, beside zeebe-node's: for what ZBClient 8.3 does not
 * offer in the port's terms (an ActivateJobs long poll that ends empty, several resources in one
 * deployment, DeleteResource) and for the commands Camunda added after 8.3 (UpdateJobTimeout,
 * MigrateProcessInstance).
 */
export class ZeebeGrpcClient {
  readonly #gateway: Client & Record<string, any>
  readonly #extensions: Client & Record<string, any>

  constructor(
    address: string,
    useTLS: boolean,
    readonly metadata: () => Promise<Metadata>
  ) {
    const { gateway, extensions } = gatewayServices()
    const channel = useTLS ? credentials.createSsl() : credentials.createInsecure()
    const Gateway = makeGenericClientConstructor(gateway, 'Gateway')
    const Extensions = makeGenericClientConstructor(extensions, 'Gateway')
    this.#gateway = new Gateway(address, channel) as any
    this.#extensions = new Extensions(address, channel) as any
  }

  /** A unary call; `deadline` in ms from now. */
  async unary<T = any>(method: string, request: object, deadline = 30_000): Promise<T> {
    const client = method in this.#gateway ? this.#gateway : this.#extensions
    const metadata = await this.metadata()
    return new Promise<T>((resolve, reject) =>
      client[method](
        request,
        metadata,
        { deadline: Date.now() + deadline },
        (error: ServiceError | null, response: T) => (error ? reject(error) : resolve(response))
      )
    )
  }

  /** ActivateJobs: the jobs of every response until the gateway ends the call. */
  async activateJobs(request: object, deadline: number): Promise<any[]> {
    const metadata = await this.metadata()
    return new Promise((resolve, reject) => {
      const jobs: any[] = []
      const call = this.#gateway.ActivateJobs(request, metadata, {
        deadline: Date.now() + deadline,
      })
      call.on('data', (response: { jobs: any[] }) => jobs.push(...response.jobs))
      call.on('error', (error: ServiceError) =>
        // the deadline passing on an empty long poll is an empty answer
        error.code === 4 && !jobs.length ? resolve([]) : reject(error)
      )
      call.on('end', () => resolve(jobs))
    })
  }

  close() {
    this.#gateway.close()
    this.#extensions.close()
  }
}
