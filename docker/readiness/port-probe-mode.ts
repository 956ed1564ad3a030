/**
 * How a readiness check reaches a container port.
 * - `container-address`: TCP to the container's own address on its network (needs a route to it:
 *   a Linux host running the engine).
 * - `in-container`: ask inside the container, through exec, whether the port is listening.
 * - `host-port`: connect to the published host port and require the peer to keep the connection
 *   open for a moment (the engine's proxy accepts, then closes when nothing listens behind it).
 * - `auto`: the first of these that works from here, in that order.
 */
export type PortProbeMode = 'auto' | 'container-address' | 'in-container' | 'host-port';
