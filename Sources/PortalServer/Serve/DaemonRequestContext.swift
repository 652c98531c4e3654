import Hummingbird
import NIOCore

/// The request context of the daemon's routes: Hummingbird's basic one plus the connection's channel, so a
/// `/live` stream can end its subscription the moment its connection closes.
package struct DaemonRequestContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    /// The connection the request arrived on.
    package let channel: any Channel

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
