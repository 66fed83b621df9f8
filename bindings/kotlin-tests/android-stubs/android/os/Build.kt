// JVM stand-in for the one Android class the generated bindings (android_cleaner = true) use.
// SDK_INT 0 selects the bindings' JNA cleaner, the path Android < 14 takes.
package android.os

object Build {
    object VERSION {
        const val SDK_INT: Int = 0
    }

    object VERSION_CODES {
        const val UPSIDE_DOWN_CAKE: Int = 34
    }
}
