import Dispatch

extension Array {
    /// `map` on `lanes` threads (Dispatch's `concurrentPerform`), results in the original order. `transform`
    /// must not mutate shared state; with one lane it is a plain `map`.
    func parallelMap<Result>(lanes: Int, _ transform: (Element) -> Result) -> [Result] {
        let lanes = Swift.min(lanes, count)
        guard lanes > 1 else { return map(transform) }
        var results = [Result?](repeating: nil, count: count)
        withoutActuallyEscaping(transform) { transform in
            results.withUnsafeMutableBufferPointer { buffer in
                let work = Lanes(items: self, transform: transform, output: buffer)
                DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                    for index in stride(from: lane, to: work.items.count, by: lanes) { work.output[index] = work.transform(work.items[index]) }
                }
            }
        }
        return results.map { $0! }
    }
}

/// What the lanes of ``Swift/Array/parallelMap(lanes:_:)`` share: read-only items and transform, and one
/// output buffer of which each lane writes its own slots.
private struct Lanes<Element, Result>: @unchecked Sendable {
    let items: [Element]
    let transform: (Element) -> Result
    let output: UnsafeMutableBufferPointer<Result?>
}
