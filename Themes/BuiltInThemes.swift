import Foundation

/// The themes portalgen ships (`default`, `dark`, `corporate`): this folder's theme folders, copied into the
/// binary's resource bundle at build time, so an installed `portalgen` has them wherever it runs. (This file is
/// what makes the folder a Swift target; a theme of your own needs none.)
public enum BuiltInThemes {
    /// The folder holding one subfolder per built-in theme.
    public static let folder: URL? = Bundle.module.resourceURL
}
